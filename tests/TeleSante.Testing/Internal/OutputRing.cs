using System.Text;

namespace TeleSante.Testing.Internal;

/// <summary>
/// The last N output lines of a child process, so a failure message can show what the server said
/// without keeping megabytes of logs from a long run. Also lets a test wait for a given line.
/// </summary>
internal sealed class OutputRing(int capacity)
{
    private readonly Queue<string> _lines = new(Math.Min(capacity, 1024));
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Done)> _waiters = [];
    private readonly Lock _gate = new();
    private bool _completed;

    public void Add(string line)
    {
        List<TaskCompletionSource<string>>? matched = null;
        lock (_gate)
        {
            if (_lines.Count == capacity)
            {
                _lines.Dequeue();
            }

            _lines.Enqueue(line);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(line))
                {
                    (matched ??= []).Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }

        // Complete outside the lock: continuations may run inline.
        if (matched is not null)
        {
            foreach (var done in matched)
            {
                done.TrySetResult(line);
            }
        }
    }

    /// <summary>No more lines will come (the process exited): pending waits fail fast.</summary>
    public void Complete()
    {
        List<TaskCompletionSource<string>> pending;
        lock (_gate)
        {
            _completed = true;
            pending = [.. _waiters.Select(w => w.Done)];
            _waiters.Clear();
        }

        foreach (var done in pending)
        {
            done.TrySetException(new InvalidOperationException("The process exited before printing the expected line."));
        }
    }

    /// <summary>Completes with the first line (already seen or future) that matches.</summary>
    public Task<string> WaitFor(Func<string, bool> match)
    {
        lock (_gate)
        {
            foreach (var line in _lines)
            {
                if (match(line))
                {
                    return Task.FromResult(line);
                }
            }

            if (_completed)
            {
                return Task.FromException<string>(new InvalidOperationException("The process exited before printing the expected line."));
            }

            var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((match, done));
            return done.Task;
        }
    }

    public IReadOnlyList<string> Snapshot()
    {
        lock (_gate)
        {
            return [.. _lines];
        }
    }

    public override string ToString()
    {
        var builder = new StringBuilder();
        foreach (var line in Snapshot())
        {
            builder.AppendLine(line);
        }

        return builder.ToString();
    }
}
