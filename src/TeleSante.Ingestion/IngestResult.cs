using TeleSante.Contracts.V1;

namespace TeleSante.Ingestion;

/// <summary>What the pipeline answers for one submitted batch; transports turn it into a gRPC
/// BatchResult or an MQTT PUBACK reason code.</summary>
public readonly record struct IngestResult(IngestOutcome Outcome, RejectReason Reason, string? Detail)
{
    public static IngestResult Accepted { get; } = new(IngestOutcome.Accepted, RejectReason.Unspecified, null);

    public static IngestResult Duplicate { get; } = new(IngestOutcome.Duplicate, RejectReason.Unspecified, null);

    public bool IsAcknowledged => Outcome is IngestOutcome.Accepted or IngestOutcome.Duplicate;

    /// <summary>True when the same batch may succeed later (storage full, shutting down, rate limited).</summary>
    public bool IsRetryable => Reason is RejectReason.StorageFull or RejectReason.Unavailable or RejectReason.RateLimited;

    public static IngestResult Rejected(RejectReason reason, string detail) => new(IngestOutcome.Rejected, reason, detail);

    public BatchResult ToBatchResult(ulong seq) => IsAcknowledged
        ? new BatchResult { Seq = seq, Ack = new Ack { Duplicate = Outcome == IngestOutcome.Duplicate } }
        : new BatchResult { Seq = seq, Rejection = new Rejection { Reason = Reason, Detail = Detail ?? string.Empty, Retryable = IsRetryable } };
}
