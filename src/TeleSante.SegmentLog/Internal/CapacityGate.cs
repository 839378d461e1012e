namespace TeleSante.SegmentLog.Internal;

/// <summary>
/// Remembers that an append was refused for lack of space, and wakes <c>WaitForCapacityAsync</c> callers once room
/// for the smallest refused record is back.
/// </summary>
internal sealed class CapacityGate
{
    private readonly Lock _lock = new();
    private long _requiredBytes; // 0 while not full
    private TaskCompletionSource _released = NewSignal();

    public bool IsFull => RequiredBytes != 0;

    /// <summary>Bytes (record plus any new segment header) the smallest refused append needed; 0 when not full.</summary>
    public long RequiredBytes => Volatile.Read(ref _requiredBytes);

    /// <summary>Completes at the next release. Take it before testing <see cref="IsFull"/>, then await it.</summary>
    public Task Released
    {
        get
        {
            lock (_lock)
            {
                return _released.Task;
            }
        }
    }

    /// <summary>Returns true when the log has just become full, so that an episode is logged once.</summary>
    public bool MarkFull(long requiredBytes)
    {
        lock (_lock)
        {
            var current = _requiredBytes;
            Volatile.Write(ref _requiredBytes, current == 0 ? requiredBytes : Math.Min(current, requiredBytes));
            return current == 0;
        }
    }

    /// <summary>Returns true when the log was full and no longer is.</summary>
    public bool Release() => Release(force: false);

    /// <summary>Wakes every waiter whatever the state, so they can observe disposal.</summary>
    public void ReleaseAll() => _ = Release(force: true);

    private bool Release(bool force)
    {
        TaskCompletionSource released;
        lock (_lock)
        {
            if (_requiredBytes == 0 && !force)
            {
                return false;
            }

            Volatile.Write(ref _requiredBytes, 0);
            released = _released;
            _released = NewSignal();
        }

        released.TrySetResult();
        return true;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
