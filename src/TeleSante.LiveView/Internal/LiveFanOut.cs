using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using TeleSante.Contracts.V1;
using TeleSante.Ingestion;

namespace TeleSante.LiveView.Internal;

/// <summary>
/// The live view's <see cref="IAcceptedBatchObserver"/>: turns each durable batch into a frame and hands
/// it to its session (ring + subscribers' bounded buffers). Runs on the ingestion path, so it copies the
/// samples once, takes one short per-session lock and never waits on a viewer. With LiveView:Redis set,
/// the frame is also offered to <see cref="LiveRelayOutbox"/> for the other gateways (never waits either),
/// and their frames come back in through <see cref="AcceptRelayed"/>.
/// </summary>
internal sealed class LiveFanOut(IOptions<LiveViewOptions> options, TimeProvider time, LiveRelayOutbox relay) : IAcceptedBatchObserver, ILiveAnalysisPublisher
{
    private readonly LiveViewOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, SessionFeed> _sessions = new(StringComparer.Ordinal);
    // Feeds holding frames for reordering: housekeeping runs every 50 ms and would otherwise visit every session.
    private readonly ConcurrentDictionary<SessionFeed, byte> _holding = new(ReferenceEqualityComparer.Instance);
    private Action<SessionFeed>? _markHolding; // one delegate for every feed
    private long _framesAccepted;
    private long _framesRelayed;
    private long _framesDropped;
    private long _gaps;

    /// <summary>Batches turned into frames since start.</summary>
    public long FramesAccepted => Interlocked.Read(ref _framesAccepted);

    /// <summary>Frames received from other gateways (LiveView:Redis) since start.</summary>
    public long FramesRelayed => Interlocked.Read(ref _framesRelayed);

    /// <summary>Frames dropped for slow viewers since start, all connections together.</summary>
    public long FramesDropped => Interlocked.Read(ref _framesDropped);

    /// <summary>Gap markers sent to viewers since start.</summary>
    public long GapsAnnounced => Interlocked.Read(ref _gaps);

    public int Sessions => _sessions.Count;

    public void OnAccepted(ReadingBatch batch)
    {
        if (batch.SessionId.Length == 0 || (batch.Waveforms.Count == 0 && batch.Observations.Count == 0 && batch.Events.Count == 0))
        {
            return;
        }

        var acceptedNs = (time.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
        var frame = FrameBuilder.FromBatch(batch, acceptedNs);
        // The feed hands the frame to the relay once released in device order.
        Feed(batch.SessionId).Accept(frame);
        Interlocked.Increment(ref _framesAccepted);
    }

    /// <summary>An analysis result, published to its session beside the frames (buffered apart, so it never pushes a
    /// frame out of a slow viewer's buffer; kept for late joiners) and relayed to the other gateways.</summary>
    public void Publish(LiveAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        Feed(analysis.SessionId).PublishAnalysis(analysis);
        relay.Offer(analysis);
    }

    /// <summary>Takes a frame another gateway accepted (Seq not yet set) exactly as a local one: into the
    /// session's ring and its viewers' buffers, in device order. Never offered back to the relay.</summary>
    public void AcceptRelayed(LiveFrame frame)
    {
        Feed(frame.SessionId).Accept(frame, local: false);
        Interlocked.Increment(ref _framesRelayed);
    }

    /// <summary>Takes an analysis result another gateway published, as a local one. Never offered back to the relay.</summary>
    public void AcceptRelayed(LiveAnalysis analysis) => Feed(analysis.SessionId).PublishAnalysis(analysis);

    // Looked up first: GetOrAdd with a lambda that captures this would allocate a delegate per accepted batch.
    public SessionFeed Feed(string sessionId) => _sessions.TryGetValue(sessionId, out var feed) ? feed
        : _sessions.GetOrAdd(sessionId, static (id, self) => self.NewFeed(id), this);

    private SessionFeed NewFeed(string sessionId) => new(sessionId, _options, time, relay.Enabled ? relay.Offer : null, _markHolding ??= MarkHolding);

    private void MarkHolding(SessionFeed feed) => _holding.TryAdd(feed, 0);

    public SessionFeed? Find(string sessionId) => _sessions.GetValueOrDefault(sessionId);

    public void CountDrop() => Interlocked.Increment(ref _framesDropped);

    public void CountGap() => Interlocked.Increment(ref _gaps);

    /// <summary>Releases frames held for reordering whose predecessor did not come in time.</summary>
    public void ReleaseOverdue()
    {
        foreach (var (feed, _) in _holding)
        {
            // Removed before releasing: a frame held meanwhile marks the feed again, and none is forgotten.
            _ = _holding.TryRemove(feed, out _);
            feed.ReleaseOverdue();
            if (feed.HasHeldFrames)
            {
                MarkHolding(feed);
            }
        }
    }

    /// <summary>Forgets sessions nobody watches and nobody feeds any more.</summary>
    public int EvictIdle()
    {
        var evicted = 0;
        foreach (var (id, feed) in _sessions)
        {
            if (feed.IsIdle(_options.SessionIdleTimeout) && _sessions.TryRemove(new KeyValuePair<string, SessionFeed>(id, feed)))
            {
                evicted++;
            }
        }

        return evicted;
    }
}
