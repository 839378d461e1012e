using System.ComponentModel.DataAnnotations;

namespace TeleSante.StationAgent;

/// <summary>The disk outbox: where readings wait until the gateway acknowledged them. Section <c>Outbox</c>.</summary>
public sealed class OutboxOptions : IValidatableObject
{
    public const string Section = "Outbox";

    /// <summary>Directory of the outbox segments, checkpoint and rejected files; on a local disk (fsync
    /// must mean something). Required. Only one agent may use it at a time (it is locked).</summary>
    [Required]
    public string Directory { get; set; } = string.Empty;

    /// <summary>Disk budget for pending readings plus the rejected-batches file. When reached, new lines
    /// are refused (counted, logged as an error, kept in the rejected-lines file while it has room).
    /// Default 256 MiB: at about 150 bytes a reading, over a year of one reading per second per device.</summary>
    [Range(64 * 1024, long.MaxValue)]
    public long MaxBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Size at which a new segment file is started; whole segments are deleted once every
    /// entry in them is acknowledged. At most half of <see cref="MaxBytes"/>. Default 1 MiB.</summary>
    [Range(4 * 1024, 1024 * 1024 * 1024)]
    public int SegmentBytes { get; set; } = 1024 * 1024;

    /// <summary>Size of the rejected-lines file before it is rotated to <c>.1</c> (one generation kept).
    /// Default 1 MiB.</summary>
    [Range(4 * 1024, 1024 * 1024 * 1024)]
    public int RejectedLinesMaxBytes { get; set; } = 1024 * 1024;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // The segment being written is never deleted, so once everything is answered the outbox still holds up to
        // one segment while it starts the next: with less than two segments of budget it could stay full for ever
        // (the same rule as the gateway's write-ahead log; both are the same segment log).
        if (MaxBytes / 2 < SegmentBytes)
        {
            yield return new ValidationResult("MaxBytes must be at least twice SegmentBytes", [nameof(MaxBytes), nameof(SegmentBytes)]);
        }
    }
}
