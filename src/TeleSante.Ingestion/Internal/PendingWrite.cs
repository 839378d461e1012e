using TeleSante.Storage;

namespace TeleSante.Ingestion.Internal;

/// <summary>One forwarder batch: the store's write buffer, the log records it came from, and its write.
/// Recycled once written, so the buffers are allocated once per concurrent write.</summary>
internal sealed class PendingWrite(IReadingWriteBuffer buffer)
{
    public IReadingWriteBuffer Buffer { get; } = buffer;

    /// <summary>Log sequences of the records gathered, in log order (unreadable ones included).</summary>
    public List<long> Sequences { get; } = [];

    public Task Write { get; set; } = Task.CompletedTask;
}
