using TeleSante.Contracts.V1;
using TeleSante.Storage.Influx.Schema;

namespace TeleSante.Storage.Influx.Internal;

/// <summary>Batches as one line-protocol payload (<see cref="ReadingSchema"/>), with the batches kept
/// beside it so a 400 can be resolved line by line, batch by batch.</summary>
internal sealed class InfluxWriteBuffer(int maxLines, int maxBytes) : IReadingWriteBuffer
{
    public LineProtocolBuilder Lines { get; } = new();

    public List<ReadingBatch> Batches { get; } = [];

    public int BatchCount => Batches.Count;

    public bool IsFull => Lines.PointCount >= maxLines || Lines.Length >= maxBytes;

    public void Add(ReadingBatch batch)
    {
        try
        {
            ReadingSchema.Append(Lines, batch);
        }
        catch (ArgumentException)
        {
            // The builder discards the point it was building; the batch's earlier points stay.
            Lines.CancelPoint();
            throw;
        }

        Batches.Add(batch);
    }

    public void Clear()
    {
        Lines.Reset();
        Batches.Clear();
    }

    public void Dispose() => Lines.Dispose();
}
