using System.Security.Claims;
using Microsoft.Extensions.Options;

namespace TeleSante.LiveView.Internal;

/// <summary>
/// The fallback when no access policy is registered (the security feature replaces it): denies
/// everything, unless LiveView:AllowAnonymousForDevelopment is on, which allows everything.
/// Deny by default, so forgetting to wire the real policy never exposes patient data.
/// </summary>
internal sealed class DevelopmentLiveSessionAuthorizer : ILiveSessionAuthorizer
{
    private readonly bool _allowAll;

    public DevelopmentLiveSessionAuthorizer(IOptions<LiveViewOptions> options, ILogger<DevelopmentLiveSessionAuthorizer> logger)
    {
        _allowAll = options.Value.AllowAnonymousForDevelopment;
        if (_allowAll)
        {
            LiveViewLog.AnonymousAccessEnabled(logger);
        }
    }

    public ValueTask<bool> CanViewAsync(ClaimsPrincipal user, string sessionId, string action, string? remoteAddress, CancellationToken cancellationToken)
        => ValueTask.FromResult(_allowAll);

    public ValueTask RevokedAsync(ClaimsPrincipal user, string sessionId, string reason, string? remoteAddress, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
