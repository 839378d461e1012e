using System.Threading.Channels;

namespace TeleSante.LiveView.Internal;

/// <summary>
/// One viewer connection's subscription to one session: a bounded buffer between ingestion and the
/// connection, and the pump that sends from it. Ingestion only ever calls <see cref="Offer"/>, which
/// never waits: when the connection cannot keep up, the buffer drops its oldest frame (STYLE.md: only
/// the live view may drop, and it counts what it dropped), and the next frame sent carries a
/// <see cref="FrameGap"/> saying what was lost, so the viewer never draws a trace stretched across it.
/// </summary>
internal sealed class ViewerSubscription : IAsyncDisposable
{
    // Vitals and events of dropped frames travel with the next frame; bounded so a viewer stuck for hours cannot grow it without limit.
    private const int MaxCarriedVitals = 1024;

    private readonly Channel<LiveFrame> _frames;
    private readonly Func<LiveFrame, CancellationToken, Task> _send;
    private readonly Action<ViewerSubscription, int> _onGap;
    private readonly Action _onDrop;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _dropGate = new();
    private readonly List<DroppedRun> _dropped = [];
    private Task _pump = Task.CompletedTask;
    private long _droppedTotal;
    private long _sent;
    private long _lastSeq;
    private long _announced;

    public ViewerSubscription(string connectionId, SessionFeed feed, int capacity, Func<LiveFrame, CancellationToken, Task> send, Action onDrop, Action<ViewerSubscription, int> onGap)
    {
        ConnectionId = connectionId;
        Feed = feed;
        _send = send;
        _onDrop = onDrop;
        _onGap = onGap;
        // Written by the session under its lock (one writer at a time), read by the pump alone.
        _frames = Channel.CreateBounded<LiveFrame>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = false },
            OnDropped);
    }

    public string ConnectionId { get; }

    public SessionFeed Feed { get; }

    /// <summary>Frames dropped for this connection since it joined.</summary>
    public long DroppedFrames => Interlocked.Read(ref _droppedTotal);

    /// <summary>Frames sent to the connection (history included).</summary>
    public long SentFrames => Interlocked.Read(ref _sent);

    /// <summary>Frames waiting in the buffer.</summary>
    public int Buffered => _frames.Reader.CanCount ? _frames.Reader.Count : 0;

    /// <summary>Called by ingestion (under the session lock): never blocks; may drop the oldest buffered frame.</summary>
    public void Offer(LiveFrame frame) => _frames.Writer.TryWrite(frame);

    /// <summary>Starts sending: <paramref name="history"/> first, then live frames as they come, the
    /// first of which follows <paramref name="lastSeqBefore"/> (the session's last frame at subscription).</summary>
    public void Start(IReadOnlyList<LiveFrame> history, long lastSeqBefore)
    {
        _lastSeq = lastSeqBefore;
        _pump = PumpAsync(history, _stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        _frames.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        await _pump.ConfigureAwait(false);
        _stop.Dispose();
    }

    /// <summary>Why the pump stopped before the viewer left, if it did.</summary>
    public Exception? Failure { get; private set; }

    private async Task PumpAsync(IReadOnlyList<LiveFrame> history, CancellationToken cancellationToken)
    {
        // Off the caller's (hub invocation's) stack.
        await Task.Yield();
        try
        {
            foreach (var frame in history)
            {
                await SendAsync(frame, cancellationToken).ConfigureAwait(false);
            }

            while (await _frames.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (_frames.Reader.TryRead(out var frame))
                {
                    await SendAsync(WithGap(frame), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The viewer left.
        }
        catch (Exception ex)
        {
            // Nobody awaits this loop until the viewer leaves: keep the cause for the log, and stop
            // taking frames (the buffer then only drops, which costs ingestion nothing).
            Failure = ex;
        }
    }

    private async Task SendAsync(LiveFrame frame, CancellationToken cancellationToken)
    {
        // Awaiting the send is the per-connection back-pressure: SignalR completes it once the frame is
        // in the connection's transport buffer, so a viewer that stops reading stalls only this pump.
        await _send(frame, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _sent);
    }

    /// <summary>Runs on the writer's thread (inside the session's lock) when a write finds the buffer
    /// full and drops the oldest frame: record it, never block.</summary>
    private void OnDropped(LiveFrame frame)
    {
        Interlocked.Increment(ref _droppedTotal);
        _onDrop();
        var (from, to) = FrameBuilder.WaveformRange(frame);

        lock (_dropGate)
        {
            // Drops leave the buffer oldest first and writes are serialized by the session's lock, so they
            // come in Seq order; a run is a contiguous Seq range.
            if (_dropped.Count > 0 && _dropped[^1].LastSeq + 1 == frame.Seq)
            {
                _dropped[^1].Add(frame.Seq, from, to, frame.Vitals, frame.Events);
            }
            else
            {
                var run = new DroppedRun(frame.Seq);
                run.Add(frame.Seq, from, to, frame.Vitals, frame.Events);
                _dropped.Add(run);
            }
        }
    }

    /// <summary>
    /// Attaches what was dropped before <paramref name="frame"/>. The count is exact by construction:
    /// every session frame enters this buffer, so the frames missing are those numbered between the last
    /// one sent and this one. Their times and vitals come from the drop records; the channel reports a
    /// drop just after releasing its lock, so a record may trail the read by a moment: wait for it (briefly).
    /// </summary>
    private LiveFrame WithGap(LiveFrame frame)
    {
        var missing = frame.Seq - _lastSeq - 1;
        _lastSeq = frame.Seq;
        if (missing <= 0)
        {
            return frame;
        }

        long from = long.MaxValue, to = long.MinValue;
        List<LiveVital>? vitals = null;
        List<LiveEvent>? events = null;
        var spin = new SpinWait();
        while (true)
        {
            lock (_dropGate)
            {
                long recorded = 0;
                foreach (var run in _dropped)
                {
                    if (run.LastSeq < frame.Seq)
                    {
                        recorded += run.Count;
                    }
                }

                if (recorded >= missing || spin.Count >= 100)
                {
                    var taken = 0;
                    while (taken < _dropped.Count && _dropped[taken].LastSeq < frame.Seq)
                    {
                        var run = _dropped[taken++];
                        if (run.ToNs != 0)
                        {
                            from = Math.Min(from, run.FromNs);
                            to = Math.Max(to, run.ToNs);
                        }

                        if (run.Vitals is { Count: > 0 })
                        {
                            (vitals ??= []).AddRange(run.Vitals);
                        }

                        if (run.Events is { Count: > 0 })
                        {
                            (events ??= []).AddRange(run.Events);
                        }
                    }

                    _dropped.RemoveRange(0, taken);
                    break;
                }
            }

            spin.SpinOnce();
        }

        _announced += missing;
        _onGap(this, (int)Math.Min(int.MaxValue, missing));
        var gap = new FrameGap
        {
            DroppedFrames = (int)Math.Min(int.MaxValue, missing),
            FromNs = from == long.MaxValue ? 0 : from,
            ToNs = to == long.MinValue ? 0 : to,
            TotalDropped = _announced,
        };
        return frame with
        {
            Gap = gap,
            Vitals = vitals is null ? frame.Vitals : [.. vitals, .. frame.Vitals],
            Events = events is null ? frame.Events : [.. events, .. frame.Events],
        };
    }

    private sealed class DroppedRun(long firstSeq)
    {
        public long FirstSeq { get; } = firstSeq;

        public long LastSeq { get; private set; } = firstSeq - 1;

        public int Count { get; private set; }

        public long FromNs { get; private set; } = long.MaxValue;

        public long ToNs { get; private set; }

        public List<LiveVital>? Vitals { get; private set; }

        public List<LiveEvent>? Events { get; private set; }

        public void Add(long seq, long fromNs, long toNs, LiveVital[] vitals, LiveEvent[] events)
        {
            LastSeq = seq;
            Count++;
            if (toNs != 0)
            {
                FromNs = Math.Min(FromNs, fromNs);
                ToNs = Math.Max(ToNs, toNs);
            }

            Vitals = Carry(Vitals, vitals);
            Events = Carry(Events, events);
        }

        /// <summary>Appends what a dropped frame carried, keeping the newest <see cref="MaxCarriedVitals"/>.</summary>
        private static List<T>? Carry<T>(List<T>? carried, T[] items)
        {
            if (items.Length == 0)
            {
                return carried;
            }

            carried ??= [];
            if (carried.Count + items.Length > MaxCarriedVitals)
            {
                carried.RemoveRange(0, Math.Min(carried.Count, carried.Count + items.Length - MaxCarriedVitals));
            }

            carried.AddRange(items);
            return carried;
        }
    }
}
