namespace TeleSante.SegmentLog.Internal;

/// <summary>
/// The live segments in sequence order, shared by the writer (adds at the end), confirm (removes from the front) and
/// readers (look up). The last segment is the one being written and is never removed.
/// </summary>
internal sealed class SegmentCatalog
{
    private readonly Lock _lock = new();
    private readonly List<SegmentInfo> _segments;
    private long _sizeBytes;
    private long _lastSequence;
    private TaskCompletionSource _changed = NewSignal();
    private volatile bool _completed;

    public SegmentCatalog(IEnumerable<SegmentInfo> segments, long lastSequence)
    {
        _segments = [.. segments];
        _sizeBytes = _segments.Sum(s => s.FileBytes);
        _lastSequence = lastSequence;
    }

    public long SizeBytes => Interlocked.Read(ref _sizeBytes);

    /// <summary>Highest durable sequence the log has acknowledged (or confirmed, after a restart).</summary>
    public long LastSequence => Volatile.Read(ref _lastSequence);

    /// <summary>True once the log is disposed: no record will be added any more.</summary>
    public bool IsCompleted => _completed;

    /// <summary>Completes at the next durable append or at completion. Take it before testing state, then await it.</summary>
    public Task Changed => Volatile.Read(ref _changed).Task;

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _segments.Count;
            }
        }
    }

    public void Add(SegmentInfo segment)
    {
        lock (_lock)
        {
            _segments.Add(segment);
        }

        Interlocked.Add(ref _sizeBytes, segment.FileBytes);
    }

    public void AddBytes(long delta) => Interlocked.Add(ref _sizeBytes, delta);

    public void PublishAppended(long lastSequence)
    {
        Volatile.Write(ref _lastSequence, lastSequence);
        Signal();
    }

    public void Complete()
    {
        _completed = true;
        Signal();
    }

    /// <summary>
    /// The first segment that can hold a record with a sequence &gt;= <paramref name="sequence"/>: a sealed segment
    /// whose last record is below it cannot, the last (growing) segment always can.
    /// </summary>
    public SegmentInfo? Locate(long sequence)
    {
        lock (_lock)
        {
            for (var i = 0; i < _segments.Count; i++)
            {
                if (i == _segments.Count - 1 || _segments[i].LastSequence >= sequence)
                {
                    return _segments[i];
                }
            }

            return null;
        }
    }

    public bool Contains(SegmentInfo segment)
    {
        lock (_lock)
        {
            return _segments.Contains(segment);
        }
    }

    /// <summary>
    /// True when no record will ever be added to <paramref name="segment"/>: another segment follows it, or it was
    /// removed (only non-last segments are).
    /// </summary>
    public bool IsSealed(SegmentInfo segment)
    {
        lock (_lock)
        {
            var index = _segments.IndexOf(segment);
            return index < 0 || index < _segments.Count - 1;
        }
    }

    /// <summary>Leading segments, never the last one, whose records are all &lt;= <paramref name="upToSequence"/>.</summary>
    public List<SegmentInfo> ConfirmedPrefix(long upToSequence)
    {
        var prefix = new List<SegmentInfo>();
        lock (_lock)
        {
            for (var i = 0; i < _segments.Count - 1 && _segments[i].LastSequence <= upToSequence; i++)
            {
                prefix.Add(_segments[i]);
            }
        }

        return prefix;
    }

    /// <summary>Takes the segment out of lookups; its bytes stay counted until the caller has deleted the file.</summary>
    public void Remove(SegmentInfo segment)
    {
        lock (_lock)
        {
            _ = _segments.Remove(segment);
        }
    }

    private void Signal() => Interlocked.Exchange(ref _changed, NewSignal()).TrySetResult();

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
