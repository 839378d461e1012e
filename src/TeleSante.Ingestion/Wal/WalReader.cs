using System.Runtime.CompilerServices;
using TeleSante.SegmentLog;

namespace TeleSante.Ingestion.Wal;

/// <summary>
/// Reads the durable records of a <see cref="WriteAheadLog"/> with a sequence above the one it was opened at, in
/// sequence order: first those on disk (replay), then those appended later (tailing), across segment rotation and the
/// deletion of confirmed segments. Only fsync'd records are ever visible. One consumer at a time; not thread-safe.
/// </summary>
public sealed class WalReader : IDisposable
{
    private readonly SegmentedLogReader _reader;

    internal WalReader(SegmentedLogReader reader) => _reader = reader;

    /// <summary>Sequence of the last record returned by <see cref="TryRead"/> (initially the one the reader was opened at).</summary>
    public long LastReadSequence => _reader.LastReadSequence;

    /// <summary>
    /// Completes with true when <see cref="TryRead"/> has a record, with false when the log was disposed and every
    /// durable record has been read.
    /// </summary>
    /// <exception cref="InvalidDataException">A record that was valid at start-up no longer is (disk damage).</exception>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) => _reader.WaitToReadAsync(cancellationToken);

    /// <summary>Returns the next durable record if there is one already.</summary>
    /// <exception cref="InvalidDataException">A record that was valid at start-up no longer is (disk damage).</exception>
    public bool TryRead(out WalRecord record)
    {
        var read = _reader.TryRead(out var logRecord);
        record = new WalRecord(logRecord.Sequence, logRecord.Payload);
        return read;
    }

    /// <summary>Every record, replay then tail, until the log is disposed or <paramref name="cancellationToken"/> fires.</summary>
    public async IAsyncEnumerable<WalRecord> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
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
    public void Dispose() => _reader.Dispose();
}
