using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Claims;
using System.Threading.Channels;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using TeleSante.Domain.Validation;
using TeleSante.LiveView;
using TeleSante.LiveView.Internal;

namespace TeleSante.Gateway.LiveView;

/// <summary>
/// Live view of consultation sessions for remote practitioners, at <see cref="LiveViewRegistration.HubPath"/>
/// (JSON or MessagePack). Every join and every replay is decided, and audited, by
/// <see cref="ILiveSessionAuthorizer"/>; a refusal is a <see cref="HubException"/> (logged as a refusal by
/// <see cref="LiveViewHubFilter"/>, not as an error). A subscription whose access ends while open is cut
/// (<see cref="ILiveViewClient.Revoked"/>, then the connection is closed).
/// </summary>
internal sealed class LiveViewHub(
    LiveSubscriptions subscriptions,
    RecordingReplay replay,
    ILiveSessionAuthorizer authorizer,
    IOptions<LiveViewOptions> options,
    ILogger<LiveViewHub> logger) : Hub<ILiveViewClient>
{
    /// <summary>Action name given to the authorizer for a live join.</summary>
    public const string JoinAction = "live.join";

    /// <summary>Action name given to the authorizer for a review-mode replay.</summary>
    public const string ReplayAction = "recording.replay";

    /// <summary>Starts receiving <paramref name="sessionId"/>'s frames through <see cref="ILiveViewClient.Frame"/>:
    /// the last LateJoinSeconds at once, then live. A connection follows one session; joining another leaves the first.</summary>
    [SuppressMessage("Style", "IDE1006", Justification = "Hub method names are the protocol the viewer invokes ('Join').")]
    public async Task<JoinResult> Join(string sessionId)
    {
        var userId = Context.User?.FindFirstValue("sub") ?? Context.User?.Identity?.Name ?? "anonymous";
        var rechecks = subscriptions.RecheckCount(userId);
        var user = await AuthorizeAsync(sessionId, JoinAction).ConfigureAwait(false);
        var access = new ViewerAccess(user, RemoteAddress, Context.Abort, ExpiresAt(user));
        var result = await subscriptions.JoinAsync(Context.ConnectionId, sessionId, access, Context.ConnectionAborted).ConfigureAwait(false);
        if (subscriptions.RecheckCount(userId) != rechecks)
        {
            // Access was withdrawn while this join was under way: the recheck could not see it yet.
            await subscriptions.RecheckAsync(userId, sessionId, Context.ConnectionAborted).ConfigureAwait(false);
        }

        if (Context.ConnectionAborted.IsCancellationRequested)
        {
            // Disconnected while joining: OnDisconnectedAsync may already have run.
            await subscriptions.LeaveAsync(Context.ConnectionId).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Stops the live frames.</summary>
    public Task Leave() => subscriptions.LeaveAsync(Context.ConnectionId);

    /// <summary>Review mode: the stored recording of <paramref name="sessionId"/> in [fromUnixMs, toUnixMs)
    /// (milliseconds since the Unix epoch, exact in every client language) as a stream of frames, oldest first.</summary>
    [SuppressMessage("Style", "IDE1006", Justification = "Hub method names are the protocol the viewer invokes ('Replay').")]
    public async Task<ChannelReader<LiveFrame>> Replay(string sessionId, long fromUnixMs, long toUnixMs, CancellationToken cancellationToken)
    {
        if (toUnixMs <= fromUnixMs)
        {
            throw new HubException("the end of the range must be after its start");
        }

        if (toUnixMs - fromUnixMs > options.Value.MaxReplaySeconds * 1000)
        {
            throw new HubException($"a replay spans at most {options.Value.MaxReplaySeconds} s (LiveView:MaxReplaySeconds)");
        }

        if (fromUnixMs < 0 || toUnixMs > 4_102_444_800_000)
        {
            throw new HubException("the range must lie between 1970 and 2100");
        }

        await AuthorizeAsync(sessionId, ReplayAction).ConfigureAwait(false);
        LiveViewHubLog.ReplayStarted(logger, Context.ConnectionId, sessionId, fromUnixMs, toUnixMs);
        return replay.Start(sessionId, fromUnixMs * 1_000_000, toUnixMs * 1_000_000, static message => new HubException(message), cancellationToken);
    }

    /// <summary>The alert ranges (LiveView:Alerts), for a viewer in review mode (a join returns them too).
    /// They hold no patient data.</summary>
    public VitalAlertRule[] AlertRules() => options.Value.AlertRules();

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await subscriptions.LeaveAsync(Context.ConnectionId).ConfigureAwait(false);
        await base.OnDisconnectedAsync(exception).ConfigureAwait(false);
    }

    private string? RemoteAddress => Context.GetHttpContext()?.Connection.RemoteIpAddress?.ToString();

    /// <summary>When the connection's sign-in ends: the authentication's expiry (a JWT's exp, as the bearer
    /// handler records it), else the token's exp claim.</summary>
    private DateTimeOffset? ExpiresAt(ClaimsPrincipal user)
    {
        if (Context.GetHttpContext()?.Features.Get<IAuthenticateResultFeature>()?.AuthenticateResult?.Properties?.ExpiresUtc is { } expires)
        {
            return expires;
        }

        return long.TryParse(user.FindFirstValue("exp"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;
    }

    private async Task<ClaimsPrincipal> AuthorizeAsync(string sessionId, string action)
    {
        if (!Identifiers.IsValid(sessionId))
        {
            throw new HubException("not a session id: " + Identifiers.Rule);
        }

        var user = Context.User ?? new ClaimsPrincipal(new ClaimsIdentity());
        if (!await authorizer.CanViewAsync(user, sessionId, action, RemoteAddress, Context.ConnectionAborted).ConfigureAwait(false))
        {
            LiveViewHubLog.Refused(logger, Context.ConnectionId, user.Identity?.Name ?? "anonymous", action, sessionId);
            // Same answer whether the session exists or not: a refusal must not reveal which sessions exist.
            throw new HubException($"You are not allowed to view session '{sessionId}'.");
        }

        return user;
    }
}
