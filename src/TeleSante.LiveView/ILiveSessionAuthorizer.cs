using System.Security.Claims;

namespace TeleSante.LiveView;

/// <summary>
/// Decides whether a connected viewer may join a consultation session's live stream (or replay it),
/// and audits the decision. The security feature provides the implementation (assignment policy +
/// audit trail); the hub calls it on every join and replay, and again for open subscriptions when
/// access may have ended (assignment removed, practitioner disabled).
/// </summary>
public interface ILiveSessionAuthorizer
{
    ValueTask<bool> CanViewAsync(ClaimsPrincipal user, string sessionId, string action, string? remoteAddress, CancellationToken cancellationToken);

    /// <summary>Records that <paramref name="user"/>'s live view of the session was cut (access ended: <paramref name="reason"/>).</summary>
    ValueTask RevokedAsync(ClaimsPrincipal user, string sessionId, string reason, string? remoteAddress, CancellationToken cancellationToken);
}
