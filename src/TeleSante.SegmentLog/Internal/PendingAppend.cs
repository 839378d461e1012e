using System.Buffers;

namespace TeleSante.SegmentLog.Internal;

/// <summary>
/// An append waiting for the writer. It owns a pooled copy of the payload, with room for the record header in front,
/// so a caller that stops waiting (cancellation) can reuse its own buffer while the record is still being written.
/// </summary>
internal sealed class PendingAppend
{
    private byte[]? _buffer;
    private bool _decided;
    private AppendResult _result;
    private Exception? _failure;

    public PendingAppend(ReadOnlySpan<byte> payload)
    {
        RecordLength = SegmentFormat.RecordHeaderSize + payload.Length;
        _buffer = ArrayPool<byte>.Shared.Rent(RecordLength);
        payload.CopyTo(_buffer.AsSpan(SegmentFormat.RecordHeaderSize));
    }

    public int RecordLength { get; }

    public long Sequence { get; private set; }

    /// <summary>Refused for lack of space; completed as Full together with the batch it was decided in.</summary>
    public bool IsRefused { get; private set; }

    /// <summary>The header followed by the payload, ready to be written once <see cref="Seal"/> ran.</summary>
    public ReadOnlyMemory<byte> Record => Buffer.AsMemory(0, RecordLength);

    /// <summary>Completed by <see cref="Publish"/> on a thread-pool thread, never on the writer's: its continuations (the
    /// caller's acknowledgement) run inline there, one batch after another, instead of one pool wake-up each.</summary>
    public TaskCompletionSource<AppendResult> Completion { get; } = new();

    private byte[] Buffer => _buffer ?? throw new InvalidOperationException("The append was already completed.");

    /// <summary>Assigns the sequence and fills in the record header (length, CRC, sequence).</summary>
    public void Seal(long sequence)
    {
        Sequence = sequence;
        SegmentFormat.WriteRecordHeader(Buffer.AsSpan(0, RecordLength), sequence);
    }

    public void Refuse() => IsRefused = true;

    /// <summary>Records the outcome (the first one decided wins) and frees the buffer; <see cref="Publish"/> announces it.</summary>
    public void Decide(AppendResult result)
    {
        ReturnBuffer();
        if (!_decided)
        {
            _decided = true;
            _result = result;
        }
    }

    /// <summary>Records a failure as the outcome unless one was decided already, and frees the buffer.</summary>
    public void Decide(Exception exception)
    {
        ReturnBuffer();
        if (!_decided)
        {
            _decided = true;
            _failure = exception;
        }
    }

    /// <summary>Completes <see cref="Completion"/> with the decided outcome, running the caller's continuation inline.</summary>
    public void Publish()
    {
        if (_failure is not null)
        {
            _ = Completion.TrySetException(_failure);
        }
        else
        {
            _ = Completion.TrySetResult(_result);
        }
    }

    /// <summary>Gives the pooled buffer back; for an append that never reached the queue.</summary>
    public void ReturnBuffer()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
