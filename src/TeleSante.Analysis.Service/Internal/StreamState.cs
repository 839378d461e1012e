using TeleSante.Contracts.V1;

namespace TeleSante.Analysis.Service.Internal;

/// <summary>A worker's state for one stream: its analyser (null until the first ECG chunk, or after a failure), the
/// device's batch numbering, and batches held until their predecessor comes (bounded by ReorderWait).</summary>
internal sealed class StreamState(StreamKey key)
{
    public StreamKey Key { get; } = key;

    public StreamAnalyser? Analyser { get; set; }

    public bool HasSeq { get; set; }

    /// <summary>True from the stream's first batch (or a new numbering) until its start is known: the first batch seen
    /// need not be the first accepted (group commits complete concurrently), so batches are held until the start of the
    /// numbering arrives or the oldest has waited ReorderWait.</summary>
    public bool Starting { get; set; }

    public ulong Epoch { get; set; }

    public ulong LastSeq { get; set; }

    public long LastActivity { get; set; }

    public SortedList<ulong, (ReadingBatch Batch, long HeldAt)> Held { get; } = [];
}
