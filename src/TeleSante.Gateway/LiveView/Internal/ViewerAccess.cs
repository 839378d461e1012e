using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;

namespace TeleSante.Gateway.LiveView.Internal;

/// <summary>Who holds a live subscription, as authenticated on their connection: kept so that access can
/// be checked again (and the connection closed) when it ends while they watch.</summary>
/// <param name="ExpiresAt">When the connection's credential expires (the token's <c>exp</c>), if it does.</param>
internal sealed record ViewerAccess(ClaimsPrincipal User, string? Remote, HubCallerContext Connection, DateTimeOffset? ExpiresAt)
{
    public string UserId => User.FindFirstValue("sub") ?? User.Identity?.Name ?? "anonymous";
}
