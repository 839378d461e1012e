using TeleSante.Access.Assignments;
using TeleSante.Access.Audit;
using TeleSante.Contracts.V1;
using TeleSante.Ingestion;

namespace TeleSante.Gateway.Security;

/// <summary>The pipeline's session ownership check (every transport), backed by <see cref="ISessionSites"/>,
/// the same source of truth as photographs' check; a refusal is audited under the sending device.</summary>
internal sealed class SessionSiteGuard(ISessionSites sites, IAuditTrail audit) : ISessionSiteGuard
{
    public ValueTask<string?> ClaimAsync(ReadingBatch batch, string transport, CancellationToken cancellationToken)
    {
        var claim = sites.ClaimAsync(batch.SessionId, batch.SiteId, cancellationToken);
        return claim.IsCompletedSuccessfully ? Decide(batch, transport, claim.Result) : AwaitClaimAsync(batch, transport, claim);
    }

    private async ValueTask<string?> AwaitClaimAsync(ReadingBatch batch, string transport, ValueTask<string> claim) =>
        await Decide(batch, transport, await claim.ConfigureAwait(false)).ConfigureAwait(false);

    private ValueTask<string?> Decide(ReadingBatch batch, string transport, string owner) =>
        string.Equals(owner, batch.SiteId, StringComparison.Ordinal) ? ValueTask.FromResult<string?>(null) : RefuseAsync(batch, transport, owner);

    private async ValueTask<string?> RefuseAsync(ReadingBatch batch, string transport, string owner)
    {
        var refusal = $"session '{batch.SessionId}' belongs to site '{owner}'; device '{batch.DeviceId}' of site '{batch.SiteId}' may not write into it ({transport})";
        await audit.RecordAsync(new AuditEntry(batch.DeviceId, "batch.submit", "session/" + batch.SessionId, AuditEntry.Denied, null, refusal), CancellationToken.None).ConfigureAwait(false);
        return refusal;
    }
}
