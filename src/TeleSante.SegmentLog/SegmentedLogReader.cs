using System.Runtime.CompilerServices;
using TeleSante.SegmentLog.Internal;

namespace TeleSante.SegmentLog;

/// <summary>
/// Reads the durable records of a <see cref="SegmentedLog"/> with a sequence above the one it was opened at, in
/// sequence order: first those on disk (replay), then those appended later (tailing), across segment rotation and the
/// deletion of confirmed segments. Only fsync'd records are ever visible. One consumer at a time; not thread-safe.
/// </summary>
public sealed class SegmentedLogReader : IDisposable
{
    private readonly SegmentCatalog _catalog;
    private readonly RecordCursor _cursor;
    private LogRecord _peeked;
    private bool _hasPeeked;
    private bool _disposed;

    internal SegmentedLogReader(SegmentCatalog catalog, long afterSequence)
    {
        _catalog = catalog;
        _cursor = new RecordCursor(catalog, afterSequence);
        LastReadSequence = afterSequence;
    }

    /// <summary>Sequence of the last record returned by <see cref="TryRead"/> (initially the one the reader was opened at).</summary>
    public long LastReadSequence { get; private set; }

    /// <summary>
    /// Completes with true when <see cref="TryRead"/> has a record, with false when the log was disposed and every
    /// durable record has been read.
    /// </summary>
    /// <exception cref="InvalidDataException">A record that was valid at start-up no longer is (disk damage).</exception>
    public async ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (true)
        {
            if (_hasPeeked)
            {
                return true;
            }

            // Taken before looking, so an append published in between still wakes us.
            var changed = _catalog.Changed;
            if (_cursor.TryRead(out _peeked))
            {
                _hasPeeked = true;
                return true;
            }

            if (_catalog.IsCompleted)
            {
                return false;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Returns the next durable record if there is one already.</summary>
    /// <exception cref="InvalidDataException">A record that was valid at start-up no longer is (disk damage).</exception>
    public bool TryRead(out LogRecord record)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_hasPeeked)
        {
            record = _peeked;
            _peeked = default;
            _hasPeeked = false;
        }
        else if (!_cursor.TryRead(out record))
        {
            return false;
        }

        LastReadSequence = record.Sequence;
        return true;
    }

    /// <summary>Every record, replay then tail, until the log is disposed or <paramref name="cancellationToken"/> fires.</summary>
    public async IAsyncEnumerable<LogRecord> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (TryRead(out var record))
            {
                yield return record;
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _cursor.Dispose();
        }
    }
}
