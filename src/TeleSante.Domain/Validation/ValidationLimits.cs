using System.ComponentModel.DataAnnotations;

namespace TeleSante.Domain.Validation;

/// <summary>Limits every incoming batch is checked against. Section <c>Validation</c>.</summary>
public sealed class ValidationLimits
{
    public const string Section = "Validation";

    private static readonly TimeSpan MaxAgeLimit = TimeSpan.FromDays(3650);
    private static readonly TimeSpan MaxClockAheadLimit = TimeSpan.FromDays(1);

    /// <summary>Largest encoded batch accepted, in bytes (gRPC message and MQTT payload). Default 1 MiB.</summary>
    [Range(1024, 64 * 1024 * 1024)]
    public int MaxBatchBytes { get; set; } = 1024 * 1024;

    /// <summary>Waveform chunks per batch. Default 16.</summary>
    [Range(1, 1024)]
    public int MaxChunksPerBatch { get; set; } = 16;

    /// <summary>Channels per chunk: a 12-lead ECG plus Frank leads is 15. Default 15.</summary>
    [Range(1, 64)]
    public int MaxChannelsPerChunk { get; set; } = 15;

    /// <summary>
    /// Samples per channel per chunk. Default 5000 (5 s at 1000 Hz). A chunk channel is stored as one
    /// InfluxDB string field, whose hard limit is 64 KiB: 5000 samples at the worst 5 bytes each,
    /// base64-encoded, stay under it.
    /// </summary>
    [Range(1, 5000)]
    public int MaxSamplesPerChannel { get; set; } = 5000;

    /// <summary>Observations per batch. Default 256.</summary>
    [Range(1, 10_000)]
    public int MaxObservationsPerBatch { get; set; } = 256;

    /// <summary>Device events per batch. Default 32.</summary>
    [Range(1, 1024)]
    public int MaxEventsPerBatch { get; set; } = 32;

    /// <summary>Lowest ECG sample rate accepted, Hz. Default 250 (diagnostic ECG needs at least that).</summary>
    [Range(1, 100_000)]
    public double EcgMinSampleRateHz { get; set; } = 250;

    /// <summary>Highest ECG sample rate accepted, Hz. Default 1000.</summary>
    [Range(1, 100_000)]
    public double EcgMaxSampleRateHz { get; set; } = 1000;

    /// <summary>Lowest plethysmogram sample rate accepted, Hz. Default 25.</summary>
    [Range(1, 100_000)]
    public double PlethMinSampleRateHz { get; set; } = 25;

    /// <summary>Highest plethysmogram sample rate accepted, Hz. Default 1000.</summary>
    [Range(1, 100_000)]
    public double PlethMaxSampleRateHz { get; set; } = 1000;

    /// <summary>
    /// How far behind the gateway's clock a reading's timestamp may be. Default 30 days: a station
    /// agent's outbox may deliver readings taken while the pharmacy was offline over a long weekend.
    /// </summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How far ahead of the gateway's clock a reading's timestamp may be. Default 5 minutes. Readings
    /// further in the future are rejected (BAD_TIMESTAMP), never re-timed: the device's clock is wrong.
    /// </summary>
    public TimeSpan MaxClockAhead { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Throws when the limits contradict each other; called at start-up.</summary>
    public void EnsureConsistent()
    {
        if (EcgMinSampleRateHz > EcgMaxSampleRateHz)
        {
            throw new ValidationException($"{Section}: EcgMinSampleRateHz {EcgMinSampleRateHz} exceeds EcgMaxSampleRateHz {EcgMaxSampleRateHz}.");
        }

        if (PlethMinSampleRateHz > PlethMaxSampleRateHz)
        {
            throw new ValidationException($"{Section}: PlethMinSampleRateHz exceeds PlethMaxSampleRateHz.");
        }

        if (MaxAge <= TimeSpan.Zero || MaxClockAhead < TimeSpan.Zero)
        {
            throw new ValidationException($"{Section}: MaxAge must be positive and MaxClockAhead not negative.");
        }

        // Wider windows would check nothing (and push the window's ends past what nanoseconds hold).
        if (MaxAge > MaxAgeLimit || MaxClockAhead > MaxClockAheadLimit)
        {
            throw new ValidationException($"{Section}: MaxAge must be at most {MaxAgeLimit.TotalDays} days and MaxClockAhead at most {MaxClockAheadLimit.TotalHours} hours.");
        }
    }
}
