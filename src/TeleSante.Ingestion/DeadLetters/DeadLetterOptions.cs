using System.ComponentModel.DataAnnotations;

namespace TeleSante.Ingestion.DeadLetters;

/// <summary>How much refused input the dead-letter store keeps, and for how long. Section <c>DeadLetters</c>.</summary>
public sealed class DeadLetterOptions : IValidatableObject
{
    public const string Section = "DeadLetters";

    public const int DefaultMaxPayloadBytes = 64 * 1024;

    /// <summary>Bytes of a refused payload kept as evidence: a longer one keeps its first bytes, with its
    /// original size and a truncated flag (a 10 MB MQTT payload must not become 10 MB of SQLite, and an
    /// operator needs the start of it to see what it was). Default 64 KiB: a whole ordinary batch.</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxPayloadBytes { get; set; } = DefaultMaxPayloadBytes;

    /// <summary>Dead letters older than this are deleted. Default 30 days, the readings' own MaxAge: an
    /// operator has a month to look at what a device sent wrong.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Bytes of dead letters kept (payloads and details); beyond it the oldest are deleted first,
    /// so the most recent refusals, an ongoing flood included, are always the ones kept. Default 512 MiB.</summary>
    [Range(1024 * 1024, long.MaxValue)]
    public long MaxTotalBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>How often retention runs (also once at start-up). Default 5 minutes: between two runs
    /// the store may exceed <see cref="MaxTotalBytes"/> by what arrived meanwhile.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(5);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Room for at least 16 letters of the largest size, or a flood would leave nothing to look at.
        if (MaxTotalBytes < 16L * MaxPayloadBytes)
        {
            yield return new ValidationResult($"{Section}:MaxTotalBytes ({MaxTotalBytes}) must be at least 16 x MaxPayloadBytes ({MaxPayloadBytes})", [nameof(MaxTotalBytes)]);
        }
    }
}
