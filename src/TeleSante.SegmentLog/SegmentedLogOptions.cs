using System.ComponentModel.DataAnnotations;
using TeleSante.SegmentLog.Internal;

namespace TeleSante.SegmentLog;

/// <summary>Where a segment log lives and how much of the disk it may use.</summary>
public class SegmentedLogOptions : IValidatableObject
{
    /// <summary>Bytes of a segment file's header.</summary>
    public const int SegmentHeaderBytes = SegmentFormat.SegmentHeaderSize;

    /// <summary>Bytes each record adds to its payload (length, CRC-32, sequence).</summary>
    public const int RecordHeaderBytes = SegmentFormat.RecordHeaderSize;

    /// <summary>Largest <see cref="MaxRecordBytes"/> allowed: a ceiling of the format, independent of the option, so that
    /// lowering the option never turns records already acknowledged into "corruption" at the next start.</summary>
    public const int PayloadCeilingBytes = SegmentFormat.MaxPayloadBytes;

    /// <summary>Directory holding the segment files and the checkpoint. Created if missing; one log per directory.</summary>
    [Required]
    public string Directory { get; set; } = "";

    /// <summary>A segment is closed and a new one started once the next record would take it past this size. Default 64 MiB.</summary>
    [Range(1024L, long.MaxValue)]
    public long SegmentBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Total bytes of segment files allowed on disk; beyond it appends answer <see cref="AppendStatus.Full"/>. Default 2 GiB.</summary>
    [Range(2048L, long.MaxValue)]
    public long DiskBudgetBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Appends answer <see cref="AppendStatus.Full"/> rather than leave less than this free on the filesystem. Default 256 MiB.</summary>
    [Range(0L, long.MaxValue)]
    public long MinFreeDiskBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Largest payload accepted; larger ones answer <see cref="AppendStatus.TooLarge"/>. Default 4 MiB.</summary>
    [Range(1, SegmentFormat.MaxPayloadBytes)]
    public int MaxRecordBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Most appends made durable by one fsync. Default 1024.</summary>
    [Range(1, 1_000_000)]
    public int GroupCommitMaxRecords { get; set; } = 1024;

    /// <summary>Most bytes made durable by one fsync (a single larger record still goes alone). Default 8 MiB.</summary>
    [Range(1, int.MaxValue)]
    public int GroupCommitMaxBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// Shortest time between the starts of two fsyncs. Appends that arrive within it of the previous fsync wait and share
    /// the next one: on a virtual disk each fsync costs far more CPU than the records it carries, so at a few hundred
    /// appends a second pacing cuts the fsyncs (and their CPU) several times over for at most this much extra latency.
    /// An append arriving after a quiet spell longer than this is synced at once. Default 0 (sync as soon as the previous
    /// fsync ends); the gateway's write-ahead log sets its own.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan GroupCommitInterval { get; set; }

    /// <summary>Appends waiting for the writer; beyond it <c>AppendAsync</c> waits (back-pressure). Default 8192.</summary>
    [Range(1, 1_000_000)]
    public int AppendQueueCapacity { get; set; } = 8192;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // A record never spans segments, so the largest one must fit in an empty segment.
        if ((long)MaxRecordBytes + SegmentFormat.RecordHeaderSize + SegmentFormat.SegmentHeaderSize > SegmentBytes)
        {
            yield return new ValidationResult(
                $"{nameof(SegmentBytes)} must hold at least one record of {nameof(MaxRecordBytes)} plus {SegmentFormat.RecordHeaderSize + SegmentFormat.SegmentHeaderSize} bytes of headers.",
                [nameof(SegmentBytes), nameof(MaxRecordBytes)]);
        }

        // The active segment is never deleted, so once everything is confirmed the log still holds up to one segment
        // while it starts the next: with less than two segments of budget it could stay Full for ever.
        if (DiskBudgetBytes / 2 < SegmentBytes)
        {
            yield return new ValidationResult(
                $"{nameof(DiskBudgetBytes)} must be at least twice {nameof(SegmentBytes)}.",
                [nameof(DiskBudgetBytes), nameof(SegmentBytes)]);
        }
    }
}
