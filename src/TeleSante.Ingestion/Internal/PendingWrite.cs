using TeleSante.Contracts.V1;
using TeleSante.Storage.Influx;

namespace TeleSante.Ingestion.Internal;

/// <summary>One forwarder batch: its line protocol, the log records it came from, and its write.
/// Recycled once written, so the buffers are allocated once per concurrent write.</summary>
internal sealed class PendingWrite
{
    public LineProtocolBuilder Lines { get; } = new();

    public List<(long Sequence, ReadingBatch? Batch)> Records { get; } = [];

    public Task Write { get; set; } = Task.CompletedTask;
}
