using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using TeleSante.Storage;

namespace TeleSante.LiveView.Internal;

/// <summary>The viewers' subscriptions, one per connection: join (history + live), leave, disconnect.</summary>
internal sealed class LiveSubscriptions(
    LiveFanOut fanOut,
    IRecordingReader recordings,
    ILiveViewSender sender,
    ILiveSessionAuthorizer authorizer,
    IOptions<LiveViewOptions> options,
    TimeProvider time,
    ILogger<LiveSubscriptions> logger)
{
    /// <summary>Action name given to the authorizer when an open subscription is checked again.</summary>
    public const string RecheckAction = "live.recheck";

    private readonly LiveViewOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, ViewerSubscription> _byConnection = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ViewerAccess> _access = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _rechecks = new(StringComparer.Ordinal);

    public int Count => _byConnection.Count;

    public ViewerSubscription? Find(string connectionId) => _byConnection.GetValueOrDefault(connectionId);

    /// <summary>The connections subscribed to <paramref name="sessionId"/> now (each was authorized at its join,
    /// and is cut when its access ends): where the session's vitals alerts go.</summary>
    public List<string> ConnectionsOf(string sessionId) =>
        [.. _byConnection.Where(s => string.Equals(s.Value.Feed.SessionId, sessionId, StringComparison.Ordinal)).Select(s => s.Key)];

    /// <summary>Subscribes <paramref name="connectionId"/> to <paramref name="sessionId"/> (leaving any
    /// previous session) and starts sending: the last LateJoinSeconds first, then live frames.</summary>
    public async Task<JoinResult> JoinAsync(string connectionId, string sessionId, ViewerAccess access, CancellationToken cancellationToken)
    {
        await LeaveAsync(connectionId).ConfigureAwait(false);
        var feed = fanOut.Feed(sessionId);
        var subscription = new ViewerSubscription(
            connectionId,
            feed,
            _options.BufferFramesPerConnection,
            (frame, ct) => sender.SendFrameAsync(connectionId, frame, ct),
            (analysis, ct) => sender.SendAnalysisAsync(connectionId, analysis, ct),
            fanOut.CountDrop,
            OnGap);
        var lateJoinNs = (long)(_options.LateJoinSeconds * 1e9);
        var snapshot = feed.Subscribe(subscription, lateJoinNs);
        List<LiveFrame> fromStorage;
        try
        {
            fromStorage = await FromStorageAsync(sessionId, snapshot, lateJoinNs, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            feed.Unsubscribe(subscription);
            await subscription.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var history = new List<LiveFrame>(fromStorage.Count + snapshot.Frames.Count + 1);
        history.AddRange(fromStorage);
        if (snapshot.OlderVitals.Count > 0 || snapshot.OlderEvents.Count > 0)
        {
            history.Add(new LiveFrame { SessionId = sessionId, Source = LiveFrame.HistorySource, Vitals = [.. snapshot.OlderVitals], Events = [.. snapshot.OlderEvents] });
        }

        history.AddRange(snapshot.Frames);
        // The host joins one connection once at a time (the gateway's hub: SignalR runs one invocation per
        // connection at a time, MaximumParallelInvocationsPerClient = 1), and LeaveAsync above removed any
        // previous subscription of this connection.
        _byConnection[connectionId] = subscription;
        _access[connectionId] = access;

        subscription.Start(history, snapshot.Analyses);
        LiveViewLog.Joined(logger, connectionId, sessionId, history.Count, fromStorage.Count);
        return new JoinResult
        {
            SessionId = sessionId,
            LateJoinSeconds = _options.LateJoinSeconds,
            HistoryFrames = history.Count,
            HistoryFramesFromStorage = fromStorage.Count,
            BufferFrames = _options.BufferFramesPerConnection,
            ServerTimeNs = NowNs(),
            Alerts = _options.AlertRules(),
        };
    }

    public async Task LeaveAsync(string connectionId)
    {
        _access.TryRemove(connectionId, out _);
        if (_byConnection.TryRemove(connectionId, out var subscription))
        {
            subscription.Feed.Unsubscribe(subscription);
            await subscription.DisposeAsync().ConfigureAwait(false);
            if (subscription.Failure is { } failure)
            {
                LiveViewLog.PumpFailed(logger, failure, connectionId, subscription.Feed.SessionId);
            }

            LiveViewLog.Left(logger, connectionId, subscription.Feed.SessionId, subscription.SentFrames, subscription.DroppedFrames);
        }
    }

    /// <summary>
    /// Asks the access policy again for each live subscription of <paramref name="practitionerId"/> (to
    /// <paramref name="sessionId"/> only, when given) and cuts those it now refuses: called when an
    /// assignment is removed or a practitioner disabled, before the administrator gets the answer.
    /// Returns how many were cut.
    /// </summary>
    public async Task<int> RecheckAsync(string practitionerId, string? sessionId, CancellationToken cancellationToken)
    {
        _rechecks.AddOrUpdate(practitionerId, 1, (_, n) => n + 1);
        var cut = 0;
        foreach (var (connectionId, access) in _access.ToArray())
        {
            if (access.UserId != practitionerId || Find(connectionId) is not { } subscription
                || (sessionId is not null && subscription.Feed.SessionId != sessionId))
            {
                continue;
            }

            var session = subscription.Feed.SessionId;
            if (!await authorizer.CanViewAsync(access.User, session, RecheckAction, access.Remote, cancellationToken).ConfigureAwait(false))
            {
                await CutAsync(connectionId, access, session, "access to this session was withdrawn", cancellationToken).ConfigureAwait(false);
                cut++;
            }
        }

        return cut;
    }

    /// <summary>How many times access of <paramref name="practitionerId"/> was checked again: a join compares
    /// it before its authorization and after its registration, so a revocation that fell between the two
    /// (while the join read its history) is applied to it too.</summary>
    public long RecheckCount(string practitionerId) => _rechecks.GetValueOrDefault(practitionerId);

    /// <summary>Cuts the subscriptions whose credential expires within <paramref name="lead"/> (checked by
    /// the housekeeping service every <paramref name="lead"/>): SignalR's CloseOnAuthenticationExpiration
    /// checks about once a second too and closes without a word, so the viewer is told first.</summary>
    public async Task CutExpiredAsync(TimeSpan lead, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var (connectionId, access) in _access.ToArray())
        {
            if (access.ExpiresAt is { } expiry && expiry - lead <= now && Find(connectionId) is { } subscription)
            {
                await CutAsync(connectionId, access, subscription.Feed.SessionId, "your sign-in expired", cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Stops the frames, audits the cut, tells the viewer why, then closes its connection (so a
    /// client that ignores the message still stops receiving, and must join again, which is checked).</summary>
    private async Task CutAsync(string connectionId, ViewerAccess access, string sessionId, string reason, CancellationToken cancellationToken)
    {
        await LeaveAsync(connectionId).ConfigureAwait(false);
        await authorizer.RevokedAsync(access.User, sessionId, reason, access.Remote, cancellationToken).ConfigureAwait(false);
        LiveViewLog.Revoked(logger, connectionId, access.UserId, sessionId, reason);
        try
        {
            // Awaited: the message is in the connection's output before the connection is aborted.
            await sender.SendRevokedAsync(connectionId, new LiveRevocation { SessionId = sessionId, Reason = reason }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            access.Abort();
        }
    }

    /// <summary>What memory no longer holds of the last LateJoinSeconds (after a restart, or with a ring
    /// shorter than the late-join window), and the latest vitals if memory has none.</summary>
    private async Task<List<LiveFrame>> FromStorageAsync(string sessionId, HistorySnapshot snapshot, long lateJoinNs, CancellationToken cancellationToken)
    {
        var frames = new List<LiveFrame>();
        if (lateJoinNs <= 0 && _options.VitalsLookbackMinutes == 0)
        {
            return frames;
        }

        var now = NowNs();
        var windowEnd = snapshot.LatestWaveformEndNs ?? now;
        var windowStart = windowEnd - lateJoinNs;
        // Memory covers the window when its earliest frame starts at the window's start (within a frame's rounding).
        var coveredFrom = snapshot.EarliestWaveformStartNs ?? windowEnd;
        try
        {
            if (lateJoinNs > 0 && coveredFrom - windowStart > 20_000_000)
            {
                var waveforms = await recordings.ReadWaveformsAsync(sessionId, windowStart, coveredFrom, cancellationToken).ConfigureAwait(false);
                frames.AddRange(FrameBuilder.FromRecording(sessionId, waveforms, [], LiveFrame.HistorySource, 1.0));
            }

            if (!snapshot.HasVitals && _options.VitalsLookbackMinutes > 0)
            {
                var observations = await recordings.ReadObservationsAsync(sessionId, now - (_options.VitalsLookbackMinutes * 60_000_000_000L), now + 1, cancellationToken).ConfigureAwait(false);
                var latest = observations.GroupBy(o => (o.DeviceId, o.MdcCode)).Select(g => g.MaxBy(o => o.TimeNs)!).OrderBy(o => o.TimeNs).ToList();
                if (latest.Count > 0)
                {
                    frames.Add(new LiveFrame
                    {
                        SessionId = sessionId,
                        Source = LiveFrame.HistorySource,
                        Vitals = [.. latest.Select(o => FrameBuilder.Vital(o.DeviceId, o.MdcCode, o.Loinc, o.Value, o.Unit, o.TimeNs))],
                    });
                }
            }
        }
        catch (Exception ex) when (ex is StorageUnavailableException or HttpRequestException or IOException or InvalidOperationException or TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // The live stream matters more than the history: join with what memory has.
            LiveViewLog.HistoryUnavailable(logger, ex, sessionId);
        }

        return frames;
    }

    private void OnGap(ViewerSubscription subscription, int dropped)
    {
        fanOut.CountGap();
        LiveViewLog.ViewerBehind(logger, subscription.ConnectionId, subscription.Feed.SessionId, dropped, subscription.DroppedFrames);
    }

    private long NowNs() => (time.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
}
