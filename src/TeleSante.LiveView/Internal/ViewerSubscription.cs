namespace TeleSante.LiveView.Internal;

/// <summary>
/// One viewer connection's subscription to one session: bounded rings between ingestion and the connection (one
/// for frames, one for analysis results, so a burst of analysis never pushes a frame out), and the sender loop
/// that empties them in arrival order. Ingestion only ever calls <see cref="Offer"/>, which
/// never waits: when the connection cannot keep up, the ring drops its oldest frame (STYLE.md: only the
/// live view may drop, and it counts what it dropped), and the next frame sent carries a
/// <see cref="FrameGap"/> saying what was lost, so the viewer never draws a trace stretched across it.
/// </summary>
/// <remarks>
/// One lock owns the ring and the record of what was dropped since the last frame taken. A drop always
/// removes the oldest frame and the sender always takes the oldest, so that record describes exactly the
/// frames between the last frame sent and the one taken now: the sender takes the frame and its gap in
/// the same critical section, and a gap can never be attributed to another frame or arrive late.
/// </remarks>
internal sealed class ViewerSubscription : IAsyncDisposable
{
    // Vitals and events of dropped frames travel with the next frame; bounded so a viewer stuck for hours cannot grow it without limit.
    private const int MaxCarriedVitals = 1024;

    private readonly Func<LiveFrame, CancellationToken, Task> _send;
    private readonly Func<LiveAnalysis, CancellationToken, Task> _sendAnalysis;
    private readonly Action<ViewerSubscription, int> _onGap;
    private readonly Action _onDrop;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly DropOldestRing<LiveFrame> _frames;
    private readonly DropOldestRing<LiveAnalysis> _analyses;
    private long _arrivals;
    private DropRecord? _dropped;
    private TaskCompletionSource? _waiting;
    private bool _closed;
    private Task _pump = Task.CompletedTask;
    private long _droppedTotal;
    private long _droppedAnalyses;
    private long _sent;
    private long _announced;

    public ViewerSubscription(
        string connectionId,
        SessionFeed feed,
        int capacity,
        Func<LiveFrame, CancellationToken, Task> send,
        Func<LiveAnalysis, CancellationToken, Task> sendAnalysis,
        Action onDrop,
        Action<ViewerSubscription, int> onGap)
    {
        ConnectionId = connectionId;
        Feed = feed;
        _send = send;
        _sendAnalysis = sendAnalysis;
        _onDrop = onDrop;
        _onGap = onGap;
        _frames = new DropOldestRing<LiveFrame>(capacity);
        _analyses = new DropOldestRing<LiveAnalysis>(capacity);
    }

    public string ConnectionId { get; }

    public SessionFeed Feed { get; }

    /// <summary>Frames dropped for this connection since it joined.</summary>
    public long DroppedFrames => Interlocked.Read(ref _droppedTotal);

    /// <summary>Analysis messages dropped for this connection since it joined.</summary>
    public long DroppedAnalyses => Interlocked.Read(ref _droppedAnalyses);

    /// <summary>Frames sent to the connection (history included).</summary>
    public long SentFrames => Interlocked.Read(ref _sent);

    /// <summary>Frames waiting in the ring.</summary>
    public int Buffered
    {
        get
        {
            lock (_gate)
            {
                return _frames.Count;
            }
        }
    }

    /// <summary>Analysis results waiting in their ring.</summary>
    public int BufferedAnalyses
    {
        get
        {
            lock (_gate)
            {
                return _analyses.Count;
            }
        }
    }

    /// <summary>Why the sender stopped before the viewer left, if it did.</summary>
    public Exception? Failure { get; private set; }

    /// <summary>Called by ingestion (under the session lock, so in Seq order): never blocks; when the ring
    /// is full its oldest frame is dropped and recorded for the gap marker of the next frame sent.</summary>
    public void Offer(LiveFrame frame)
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            if (_frames.Add(frame, _arrivals++) is { } oldest)
            {
                (_dropped ??= new DropRecord()).Add(oldest);
                Interlocked.Increment(ref _droppedTotal);
                _onDrop();
            }

            wake = _waiting;
            _waiting = null;
        }

        // Continuations run asynchronously (see TakeOrWait): ingestion never runs the sender's code.
        wake?.TrySetResult();
    }

    /// <summary>Called by the session feed for an analysis result: never blocks; when its ring is full the oldest
    /// result is dropped and counted (a later result carries the rate and rhythm again; frames are not touched).</summary>
    public void Offer(LiveAnalysis analysis)
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            if (_analyses.Add(analysis, _arrivals++) is not null)
            {
                Interlocked.Increment(ref _droppedAnalyses);
            }

            wake = _waiting;
            _waiting = null;
        }

        wake?.TrySetResult();
    }

    /// <summary>Starts sending: <paramref name="history"/> first (then its analysis results), then the rings' messages as
    /// they come.</summary>
    public void Start(IReadOnlyList<LiveFrame> history, IReadOnlyList<LiveAnalysis>? historyAnalyses = null)
        => _pump = PumpAsync(history, historyAnalyses ?? [], _stop.Token);

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            // Like a completed channel: later offers are ignored, not counted as drops.
            _closed = true;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _pump.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task PumpAsync(IReadOnlyList<LiveFrame> history, IReadOnlyList<LiveAnalysis> historyAnalyses, CancellationToken cancellationToken)
    {
        // Off the caller's (hub invocation's) stack.
        await Task.Yield();
        try
        {
            foreach (var frame in history)
            {
                await SendAsync(frame, cancellationToken).ConfigureAwait(false);
            }

            foreach (var analysis in historyAnalyses)
            {
                await _sendAnalysis(analysis, cancellationToken).ConfigureAwait(false);
            }

            while (true)
            {
                var (frame, analysis, dropped, wait) = TakeOrWait();
                if (analysis is not null)
                {
                    await _sendAnalysis(analysis, cancellationToken).ConfigureAwait(false);
                }
                else if (frame is not null)
                {
                    await SendAsync(dropped is null ? frame : WithGap(frame, dropped), cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await wait!.WaitAsync(cancellationToken).ConfigureAwait(false);
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
            // taking frames (the ring then only drops, which costs ingestion nothing).
            Failure = ex;
        }
    }

    /// <summary>The oldest message of the two rings: a frame with what was dropped before it (taken together), or an
    /// analysis result; or, when both rings are empty, a task the next <see cref="Offer(LiveFrame)"/> completes.</summary>
    private (LiveFrame? Frame, LiveAnalysis? Analysis, DropRecord? Dropped, Task? Wait) TakeOrWait()
    {
        lock (_gate)
        {
            if (_frames.Count == 0 && _analyses.Count == 0)
            {
                _waiting ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                return (null, null, null, _waiting.Task);
            }

            if (_analyses.OldestOrder < _frames.OldestOrder)
            {
                return (null, _analyses.Take(), null, null);
            }

            var dropped = _dropped;
            _dropped = null;
            return (_frames.Take(), null, dropped, null);
        }
    }

    private async Task SendAsync(LiveFrame frame, CancellationToken cancellationToken)
    {
        // Awaiting the send is the per-connection back-pressure: the transport (SignalR) completes it once the
        // frame is in the connection's output buffer, so a viewer that stops reading stalls only this loop.
        await _send(frame, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _sent);
    }

    /// <summary>Attaches to <paramref name="frame"/> what was dropped just before it: how many, their
    /// waveform time range, and the vitals and events they carried (delivered with this frame).</summary>
    private LiveFrame WithGap(LiveFrame frame, DropRecord dropped)
    {
        var count = (int)Math.Min(int.MaxValue, dropped.Count);
        _announced += dropped.Count;
        _onGap(this, count);
        var gap = new FrameGap
        {
            DroppedFrames = count,
            FromNs = dropped.ToNs == 0 ? 0 : dropped.FromNs,
            ToNs = dropped.ToNs,
            TotalDropped = _announced,
        };
        return frame with
        {
            Gap = gap,
            Vitals = dropped.Vitals is null ? frame.Vitals : [.. dropped.Vitals, .. frame.Vitals],
            Events = dropped.Events is null ? frame.Events : [.. dropped.Events, .. frame.Events],
        };
    }

    /// <summary>The frames dropped since the last frame taken (a contiguous Seq range, oldest first).</summary>
    private sealed class DropRecord
    {
        public long Count { get; private set; }

        public long FromNs { get; private set; } = long.MaxValue;

        /// <summary>0 while no dropped frame had waveforms.</summary>
        public long ToNs { get; private set; }

        public List<LiveVital>? Vitals { get; private set; }

        public List<LiveEvent>? Events { get; private set; }

        public void Add(LiveFrame frame)
        {
            Count++;
            var (fromNs, toNs) = FrameBuilder.WaveformRange(frame);
            if (toNs != 0)
            {
                FromNs = Math.Min(FromNs, fromNs);
                ToNs = Math.Max(ToNs, toNs);
            }

            Vitals = Carry(Vitals, frame.Vitals);
            Events = Carry(Events, frame.Events);
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
