using System.ComponentModel.DataAnnotations;

namespace TeleSante.Ingestion;

/// <summary>
/// The forwarder's own policy: how long it gathers a batch and how many writes it keeps in flight.
/// The size of one write is the store's limit (<c>Influx:MaxBatchLines</c>, <c>MaxBatchBytes</c>).
/// Bound to the <c>Influx</c> section, where these keys have always been, so configurations keep working.
/// </summary>
public sealed class ForwarderOptions
{
    /// <summary>Configuration section: <c>Influx</c> (shared with the InfluxDB client's options).</summary>
    public const string Section = "Influx";

    /// <summary>Batch writes in flight at once. Default 2: while the store indexes one batch the next
    /// is built and sent (bench: one write in flight was the bottleneck at 1,000+ devices).</summary>
    [Range(1, 16)]
    public int MaxConcurrentWrites { get; set; } = 2;

    /// <summary>Flush a non-empty batch at least this often. Default 200 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromMilliseconds(200);
}
