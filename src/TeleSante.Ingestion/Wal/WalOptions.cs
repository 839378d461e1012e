using System.ComponentModel.DataAnnotations;
using TeleSante.SegmentLog;

namespace TeleSante.Ingestion.Wal;

/// <summary>Where the write-ahead log lives and how much of the disk it may use. Section <c>Wal</c>.</summary>
public sealed class WalOptions : IValidatableObject
{
    public const string Section = "Wal";

    /// <summary>Directory holding the segment files and the checkpoint. Created if missing; one log per directory.
    /// The gateway derives it from its data directory: not a setting there.</summary>
    [Required]
    public string Directory { get; set; } = "";

    /// <summary>A segment is closed and a new one started once the next record would take it past this size. Default 64 MiB.</summary>
    [Range(1024L, long.MaxValue)]
    public long SegmentBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Total bytes of segment files allowed on disk; beyond it appends answer <see cref="WalAppendStatus.Full"/>. Default 2 GiB.</summary>
    [Range(2048L, long.MaxValue)]
    public long DiskBudgetBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Appends answer <see cref="WalAppendStatus.Full"/> rather than leave less than this free on the filesystem. Default 256 MiB.</summary>
    [Range(0L, long.MaxValue)]
    public long MinFreeDiskBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Largest payload accepted; larger ones answer <see cref="WalAppendStatus.TooLarge"/>. Default 4 MiB.
    /// The gateway derives it from the largest batch it accepts: not a setting there.</summary>
    [Range(1, SegmentedLogOptions.PayloadCeilingBytes)]
    public int MaxRecordBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Most appends made durable by one fsync. Default 1024.</summary>
    [Range(1, 1_000_000)]
    public int GroupCommitMaxRecords { get; set; } = 1024;

    /// <summary>Most bytes made durable by one fsync (a single larger record still goes alone). Default 8 MiB.</summary>
    [Range(1, int.MaxValue)]
    public int GroupCommitMaxBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Appends waiting for the writer; beyond it <c>AppendAsync</c> waits (back-pressure). Default 8192.</summary>
    [Range(1, 1_000_000)]
    public int AppendQueueCapacity { get; set; } = 8192;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // A record never spans segments, so the largest one must fit in an empty segment.
        if ((long)MaxRecordBytes + SegmentedLogOptions.RecordHeaderBytes + SegmentedLogOptions.SegmentHeaderBytes > SegmentBytes)
        {
            yield return new ValidationResult(
                $"{nameof(SegmentBytes)} must hold at least one record of {nameof(MaxRecordBytes)} plus {SegmentedLogOptions.RecordHeaderBytes + SegmentedLogOptions.SegmentHeaderBytes} bytes of headers.",
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
