using System.Security.Claims;

namespace TeleSante.LiveView.Internal;

/// <summary>Who holds a live subscription, as authenticated on their connection: kept so that access can
/// be checked again (and the connection closed) when it ends while they watch.</summary>
/// <param name="Abort">Closes the viewer's connection (the host's transport; the gateway: the hub connection's Abort).</param>
/// <param name="ExpiresAt">When the connection's credential expires (the token's <c>exp</c>), if it does.</param>
internal sealed record ViewerAccess(ClaimsPrincipal User, string? Remote, Action Abort, DateTimeOffset? ExpiresAt)
{
    public string UserId => User.FindFirst("sub")?.Value ?? User.Identity?.Name ?? "anonymous";
}
