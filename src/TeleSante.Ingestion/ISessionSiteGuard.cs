using TeleSante.Contracts.V1;

namespace TeleSante.Ingestion;

/// <summary>
/// Decides, before a batch is made durable, whether its site may write into its session: a session
/// belongs to one site (the first to write into it), so another site's device cannot add readings that
/// the owning site's operator would then read, nor take the session over. Called on every batch: a
/// known session must be answered from memory, synchronously.
/// </summary>
public interface ISessionSiteGuard
{
    /// <summary>Null when the batch's site owns (or has just claimed, durably) its session; otherwise
    /// why not. The implementation records the refusal in the audit trail.</summary>
    ValueTask<string?> ClaimAsync(ReadingBatch batch, string transport, CancellationToken cancellationToken);
}
