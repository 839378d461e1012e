namespace TeleSante.LiveView.Internal;

/// <summary>
/// One consultation session's live state: recent frames in memory (the ring late joiners read), recent analysis
/// results beside them, the latest value of each vital, the viewers subscribed, and a small per-device reorder stage.
/// Every method is short and non-blocking: <see cref="Accept"/> runs on the ingestion path.
/// </summary>
/// <remarks>
/// Batches of one device become durable in group commits whose completions run concurrently, so they
/// can reach the observer slightly out of order. Frames are therefore released per device in batch
/// sequence order: one that arrives ahead of its predecessor waits up to
/// <see cref="LiveViewOptions.ReorderWait"/> (a hole in a device's sequence, from a refused batch, is
/// then skipped). A frame older than one already released is still delivered, late, rather than lost.
/// Frames this gateway accepted go to <paramref name="relayLocal"/> (the scale-out relay) in that released order,
/// not in completion order: the other gateways then receive a device's frames already in order and never depend on
/// their own reorder wait across two hops (measured: a loaded CI machine delayed a batch past it).
/// <paramref name="holding"/> is told each time a frame is held, so that housekeeping visits only such feeds.
/// </remarks>
internal sealed class SessionFeed(string sessionId, LiveViewOptions options, TimeProvider time, Action<LiveFrame>? relayLocal = null, Action<SessionFeed>? holding = null)
{
    private readonly Lock _gate = new();
    private readonly Queue<LiveFrame> _ring = new();
    // Apart from the frames: an analysis result never takes a frame's place in the ring, nor a frame number.
    private readonly Queue<LiveAnalysis> _analyses = new();
    private readonly Dictionary<string, DeviceState> _devices = new(StringComparer.Ordinal);
    private readonly Dictionary<(string DeviceId, uint Mdc), LiveVital> _latestVitals = [];
    // A cuff error or a probe-off a minute ago still matters to a practitioner who joins now.
    private readonly Dictionary<(string DeviceId, string Code), LiveEvent> _latestEvents = [];
    private readonly long _ringNs = (long)(options.RingSeconds * 1e9);
    private ViewerSubscription[] _subscribers = [];
    private long _seq;
    private long _lastActivity = time.GetTimestamp();

    public string SessionId { get; } = sessionId;

    public int SubscriberCount => Volatile.Read(ref _subscribers).Length;

    /// <summary>Frames published so far (the last Seq).</summary>
    public long Published
    {
        get
        {
            lock (_gate)
            {
                return _seq;
            }
        }
    }

    public bool HasHeldFrames { get; private set; }

    /// <summary>Takes an accepted batch's frame (Seq not yet set) and publishes it, in device order.
    /// <paramref name="local"/>: accepted by this gateway (relayed to the others once released), not relayed from one.</summary>
    public void Accept(LiveFrame frame, bool local = true)
    {
        lock (_gate)
        {
            _lastActivity = time.GetTimestamp();
            var device = Device(frame.DeviceId);
            if (frame.BatchSeq == device.LastReleasedSeq + 1 || frame.BatchSeq <= device.LastReleasedSeq)
            {
                Publish(frame, local);
                device.LastReleasedSeq = Math.Max(device.LastReleasedSeq, frame.BatchSeq);
                ReleaseContiguous(device);
            }
            else if (!device.Held.TryAdd(frame.BatchSeq, (frame, _lastActivity, local)))
            {
                Publish(frame, local);
            }
            else
            {
                HasHeldFrames = true;
                holding?.Invoke(this);
                // A device never has more batches in flight than a stream allows; beyond that, stop waiting.
                while (device.Held.Count > 256)
                {
                    ReleaseLowestHeld(device);
                }
            }
        }
    }

    /// <summary>Publishes an analysis result: numbered with the session's last frame (it takes no number of its own, so
    /// the frames' numbering stays gapless), kept for late joiners and offered to every viewer.</summary>
    public void PublishAnalysis(LiveAnalysis analysis)
    {
        lock (_gate)
        {
            _lastActivity = time.GetTimestamp();
            analysis = analysis with { Seq = _seq };
            _analyses.Enqueue(analysis);
            while (_analyses.Count > options.RingMaxFramesPerSession
                || (_analyses.Count > 0 && _devices.TryGetValue(_analyses.Peek().DeviceId, out var device) && _analyses.Peek().ToNs < device.LatestEndNs - _ringNs))
            {
                _analyses.Dequeue();
            }

            foreach (var subscriber in _subscribers)
            {
                subscriber.Offer(analysis);
            }
        }
    }

    /// <summary>Releases held frames that waited <see cref="LiveViewOptions.ReorderWait"/> for a predecessor that never came.</summary>
    public void ReleaseOverdue()
    {
        lock (_gate)
        {
            var anyHeld = false;
            foreach (var device in _devices.Values)
            {
                while (device.Held.Count > 0 && time.GetElapsedTime(device.Held.GetValueAtIndex(0).HeldAt) >= options.ReorderWait)
                {
                    ReleaseLowestHeld(device);
                }

                anyHeld |= device.Held.Count > 0;
            }

            HasHeldFrames = anyHeld;
        }
    }

    /// <summary>Subscribes a viewer and returns, atomically with it, the recent frames it must see first:
    /// for each device the frames (and analysis results) ending within the last <paramref name="lateJoinNs"/> of its signal.
    /// Every frame published after this call goes to the subscriber's buffer, so nothing is missed or doubled.</summary>
    public HistorySnapshot Subscribe(ViewerSubscription subscriber, long lateJoinNs)
    {
        lock (_gate)
        {
            _lastActivity = time.GetTimestamp();
            var frames = new List<LiveFrame>();
            foreach (var frame in _ring)
            {
                if (lateJoinNs > 0 && FrameBuilder.EndNs(frame) > _devices[frame.DeviceId].LatestEndNs - lateJoinNs)
                {
                    frames.Add(frame with { Source = LiveFrame.HistorySource });
                }
            }

            var analyses = new List<LiveAnalysis>();
            foreach (var analysis in _analyses)
            {
                if (lateJoinNs > 0 && (!_devices.TryGetValue(analysis.DeviceId, out var device) || analysis.ToNs > device.LatestEndNs - lateJoinNs))
                {
                    analyses.Add(analysis);
                }
            }

            // Latest vitals not in those frames (a blood pressure taken minutes ago still belongs on screen).
            var shown = frames.SelectMany(f => f.Vitals).ToHashSet();
            var olderVitals = _latestVitals.Values.Where(v => !shown.Contains(v)).OrderBy(v => v.TimeNs).ToArray();
            var shownEvents = frames.SelectMany(f => f.Events).ToHashSet();
            var olderEvents = _latestEvents.Values.Where(e => !shownEvents.Contains(e)).OrderBy(e => e.TimeNs).ToArray();

            long? latestWaveformEnd = null;
            foreach (var device in _devices.Values)
            {
                if (device.LatestWaveformEndNs > 0)
                {
                    latestWaveformEnd = Math.Max(latestWaveformEnd ?? 0, device.LatestWaveformEndNs);
                }
            }

            long? earliestWaveformStart = null;
            foreach (var frame in frames)
            {
                if (frame.Waveforms.Length > 0)
                {
                    var (start, _) = FrameBuilder.WaveformRange(frame);
                    earliestWaveformStart = Math.Min(earliestWaveformStart ?? long.MaxValue, start);
                }
            }

            _subscribers = [.. _subscribers, subscriber];
            return new HistorySnapshot(frames, analyses, olderVitals, olderEvents, latestWaveformEnd, earliestWaveformStart, _latestVitals.Count > 0);
        }
    }

    public void Unsubscribe(ViewerSubscription subscriber)
    {
        lock (_gate)
        {
            _lastActivity = time.GetTimestamp();
            _subscribers = [.. _subscribers.Where(s => !ReferenceEquals(s, subscriber))];
        }
    }

    /// <summary>True when nobody watches and nothing arrived for <paramref name="idle"/>.</summary>
    public bool IsIdle(TimeSpan idle)
    {
        lock (_gate)
        {
            return _subscribers.Length == 0 && !HasHeldFrames && time.GetElapsedTime(_lastActivity) >= idle;
        }
    }

    /// <summary>Keeps <paramref name="item"/> under <paramref name="key"/> unless a later one is there
    /// (frames can arrive late; the screen shows the latest measurement, not the latest arrival).</summary>
    private static void KeepLatest<TKey, T>(Dictionary<TKey, T> latest, TKey key, T item, Func<T, long> timeNs)
        where TKey : notnull
    {
        if (!latest.TryGetValue(key, out var previous) || timeNs(previous) <= timeNs(item))
        {
            latest[key] = item;
        }
    }

    private void ReleaseLowestHeld(DeviceState device)
    {
        var (frame, _, local) = device.Held.GetValueAtIndex(0);
        device.Held.RemoveAt(0);
        Publish(frame, local);
        device.LastReleasedSeq = Math.Max(device.LastReleasedSeq, frame.BatchSeq);
        ReleaseContiguous(device);
    }

    private void ReleaseContiguous(DeviceState device)
    {
        while (device.Held.Count > 0 && device.Held.GetKeyAtIndex(0) <= device.LastReleasedSeq + 1)
        {
            var (frame, _, local) = device.Held.GetValueAtIndex(0);
            device.Held.RemoveAt(0);
            Publish(frame, local);
            device.LastReleasedSeq = Math.Max(device.LastReleasedSeq, frame.BatchSeq);
        }
    }

    private void Publish(LiveFrame frame, bool local)
    {
        if (local)
        {
            // Before numbering: each gateway numbers its own feed.
            relayLocal?.Invoke(frame);
        }

        frame = frame with { Seq = ++_seq };
        var device = Device(frame.DeviceId);
        var end = FrameBuilder.EndNs(frame);
        device.LatestEndNs = Math.Max(device.LatestEndNs, end);
        if (frame.Waveforms.Length > 0)
        {
            device.LatestWaveformEndNs = Math.Max(device.LatestWaveformEndNs, FrameBuilder.WaveformRange(frame).EndNs);
        }

        foreach (var vital in frame.Vitals)
        {
            KeepLatest(_latestVitals, (vital.DeviceId, vital.MdcCode), vital, static v => v.TimeNs);
        }

        foreach (var deviceEvent in frame.Events)
        {
            KeepLatest(_latestEvents, (deviceEvent.DeviceId, deviceEvent.Code), deviceEvent, static e => e.TimeNs);
        }

        _ring.Enqueue(frame);
        while (_ring.Count > options.RingMaxFramesPerSession
            || (_ring.Count > 0 && FrameBuilder.EndNs(_ring.Peek()) < _devices[_ring.Peek().DeviceId].LatestEndNs - _ringNs))
        {
            _ring.Dequeue();
        }

        foreach (var subscriber in _subscribers)
        {
            subscriber.Offer(frame);
        }
    }

    private DeviceState Device(string deviceId)
    {
        if (!_devices.TryGetValue(deviceId, out var device))
        {
            _devices[deviceId] = device = new DeviceState();
        }

        return device;
    }

    private sealed class DeviceState
    {
        /// <summary>Batch seq of the last frame released; batch seqs start at 1, so 0 expects 1.</summary>
        public ulong LastReleasedSeq { get; set; }

        public long LatestEndNs { get; set; }

        public long LatestWaveformEndNs { get; set; }

        public SortedList<ulong, (LiveFrame Frame, long HeldAt, bool Local)> Held { get; } = [];
    }
}
