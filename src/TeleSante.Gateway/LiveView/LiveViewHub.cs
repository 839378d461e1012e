using System.Security.Claims;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using TeleSante.Domain.Validation;
using TeleSante.Gateway.LiveView.Internal;

namespace TeleSante.Gateway.LiveView;

/// <summary>
/// Live view of consultation sessions for remote practitioners, at <see cref="LiveViewRegistration.HubPath"/>
/// (JSON or MessagePack). Every join and every replay is decided, and audited, by
/// <see cref="ILiveSessionAuthorizer"/>; a refusal is a <see cref="HubException"/>.
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
    public async Task<JoinResult> Join(string sessionId)
    {
        await AuthorizeAsync(sessionId, JoinAction).ConfigureAwait(false);
        var result = await subscriptions.JoinAsync(Context.ConnectionId, sessionId, Context.ConnectionAborted).ConfigureAwait(false);
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
        LiveViewLog.ReplayStarted(logger, Context.ConnectionId, sessionId, fromUnixMs, toUnixMs);
        return replay.Start(sessionId, fromUnixMs * 1_000_000, toUnixMs * 1_000_000, cancellationToken);
    }

    /// <summary>The alert ranges (LiveView:Alerts), for a viewer in review mode (a join returns them too).
    /// They hold no patient data.</summary>
    public VitalAlertRule[] AlertRules() => options.Value.AlertRules();

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await subscriptions.LeaveAsync(Context.ConnectionId).ConfigureAwait(false);
        await base.OnDisconnectedAsync(exception).ConfigureAwait(false);
    }

    private async Task AuthorizeAsync(string sessionId, string action)
    {
        if (!Identifiers.IsValid(sessionId))
        {
            throw new HubException("not a session id: " + Identifiers.Rule);
        }

        var user = Context.User ?? new ClaimsPrincipal(new ClaimsIdentity());
        var remote = Context.GetHttpContext()?.Connection.RemoteIpAddress?.ToString();
        if (!await authorizer.CanViewAsync(user, sessionId, action, remote, Context.ConnectionAborted).ConfigureAwait(false))
        {
            LiveViewLog.Refused(logger, Context.ConnectionId, user.Identity?.Name ?? "anonymous", action, sessionId);
            // Same answer whether the session exists or not: a refusal must not reveal which sessions exist.
            throw new HubException($"You are not allowed to view session '{sessionId}'.");
        }
    }
}
