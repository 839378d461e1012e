using TeleSante.Contracts.V1;

namespace TeleSante.StationAgent.Internal;

/// <summary>The gateway refused a batch as retryable (rate limit, storage full, shutting down): end the
/// stream, back off, resend from the oldest unanswered entry.</summary>
internal sealed class RetryLaterException(RejectReason reason, string message) : Exception(message)
{
    public RejectReason Reason { get; } = reason;
}
