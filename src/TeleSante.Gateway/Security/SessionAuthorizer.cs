using System.Security.Claims;
using TeleSante.Access.Assignments;
using TeleSante.Access.Audit;
using TeleSante.LiveView;

namespace TeleSante.Gateway.Security;

/// <summary>Every read of a session's patient data goes through here: the access policy decides,
/// and the decision is in the audit trail before any data is served.</summary>
internal sealed class SessionAuthorizer(SessionAccessPolicy policy, IAuditTrail audit) : ILiveSessionAuthorizer
{
    /// <summary>Audit action of a live subscription cut because access ended.</summary>
    public const string RevokeAction = "live.revoke";

    public ValueTask<bool> CanViewAsync(ClaimsPrincipal user, string sessionId, string action, string? remoteAddress, CancellationToken cancellationToken) =>
        CanViewAsync(user, sessionId, action, remoteAddress, detail: null, cancellationToken);

    /// <param name="detail">What exactly is read (e.g. which image), kept in the audit entry.</param>
    public async ValueTask<bool> CanViewAsync(ClaimsPrincipal user, string sessionId, string action, string? remoteAddress, string? detail, CancellationToken cancellationToken)
    {
        var practitioner = user.ToPractitioner();
        var refusal = practitioner is null ? "not authenticated" : await policy.RefusalAsync(practitioner, sessionId, cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(new AuditEntry(user.ActorId(), action, "session/" + sessionId, refusal is null ? AuditEntry.Allowed : AuditEntry.Denied, remoteAddress,
            refusal is null ? detail : detail is null ? refusal : detail + "; " + refusal), cancellationToken).ConfigureAwait(false);
        return refusal is null;
    }

    public async ValueTask RevokedAsync(ClaimsPrincipal user, string sessionId, string reason, string? remoteAddress, CancellationToken cancellationToken) =>
        await audit.RecordAsync(new AuditEntry(user.ActorId(), RevokeAction, "session/" + sessionId, AuditEntry.Allowed, remoteAddress, "live view cut: " + reason), cancellationToken).ConfigureAwait(false);
}
