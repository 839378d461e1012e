using System.Security.Claims;
using TeleSante.Access.Assignments;
using TeleSante.Access.Audit;
using TeleSante.Gateway.LiveView;

namespace TeleSante.Gateway.Security;

/// <summary>Every read of a session's patient data goes through here: the access policy decides,
/// and the decision is in the audit trail before any data is served.</summary>
internal sealed class SessionAuthorizer(SessionAccessPolicy policy, IAuditTrail audit) : ILiveSessionAuthorizer
{
    public ValueTask<bool> CanViewAsync(ClaimsPrincipal user, string sessionId, string action, string? remoteAddress, CancellationToken cancellationToken) =>
        CanViewAsync(user, sessionId, action, remoteAddress, detail: null, cancellationToken);

    /// <param name="detail">What exactly is read (e.g. which image), kept in the audit entry.</param>
    public async ValueTask<bool> CanViewAsync(ClaimsPrincipal user, string sessionId, string action, string? remoteAddress, string? detail, CancellationToken cancellationToken)
    {
        var practitioner = user.ToPractitioner();
        var allowed = practitioner is not null && await policy.CanViewAsync(practitioner, sessionId, cancellationToken).ConfigureAwait(false);
        await audit.RecordAsync(new AuditEntry(user.ActorId(), action, "session/" + sessionId, allowed ? AuditEntry.Allowed : AuditEntry.Denied, remoteAddress,
            allowed ? detail : detail is null ? "not assigned to this session" : detail + "; not assigned to this session"), cancellationToken).ConfigureAwait(false);
        return allowed;
    }
}
