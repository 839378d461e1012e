using System.ComponentModel.DataAnnotations;

namespace TeleSante.Ingestion;

/// <summary>The ingestion pipeline's limits. Section <c>Ingestion</c>; the write-ahead log's are under <c>Wal</c>
/// (<see cref="Wal.WalOptions"/>), where data lives under <c>Storage</c>.</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>Unanswered batches one gRPC stream may have in the pipeline; beyond it the gateway stops
    /// reading the stream (HTTP/2 flow control pushes back on the device). Default 64.</summary>
    [Range(1, 10_000)]
    public int MaxInFlightPerStream { get; set; } = 64;

    /// <summary>How long a submission waits for write-ahead-log space when the disk budget is exhausted,
    /// before it is refused with the retryable STORAGE_FULL. Default 5 s.</summary>
    public TimeSpan BackpressureWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Per-device window of sequence numbers remembered exactly for duplicate detection.
    /// A seq older than the newest minus this window is refused as STALE_SEQUENCE. Default 4096 (512 bytes per device).</summary>
    [Range(64, 1 << 24)]
    public int DeduplicationWindow { get; set; } = 4096;

    /// <summary>How far above the highest seq accepted from a device (in its seq_epoch) a seq may be;
    /// beyond it the batch is refused as SEQUENCE_JUMP. Without a limit one corrupted seq (2^64-1) would
    /// be accepted and make every later ordinary seq STALE_SEQUENCE. Default 2^36 (about 6.9e10): room
    /// for counters that skip ahead, e.g. seeded from a millisecond clock at each start (2.2 years of
    /// milliseconds), while a counter that increments per batch never comes near it. At least
    /// <see cref="DeduplicationWindow"/>. The first seq of a numbering is not limited.</summary>
    [Range(64, long.MaxValue)]
    public long MaxSequenceJump { get; set; } = 1L << 36;

    /// <summary>Sustained batches per second one device may send (token bucket). Default 50: a 12-lead
    /// recorder sends 2-4. Beyond it batches are refused as the retryable RATE_LIMITED.</summary>
    [Range(0.1, 100_000)]
    public double MaxBatchesPerSecondPerDevice { get; set; } = 50;

    /// <summary>Bucket size: how many batches a device may send at once, e.g. its outbox after a
    /// reconnect. Default 2000.</summary>
    [Range(1, 10_000_000)]
    public int BurstBatchesPerDevice { get; set; } = 2000;

    /// <summary>Longest pause between InfluxDB retries while it is down. Default 10 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the forwarder records its progress (checkpoint) in the write-ahead log. Default 1 s.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(1);
}
