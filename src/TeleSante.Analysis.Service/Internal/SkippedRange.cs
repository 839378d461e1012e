namespace TeleSante.Analysis.Service.Internal;

/// <summary>The signal of a stream's batches that found the queue full, widened as more are skipped (under its own lock).</summary>
internal sealed class SkippedRange(long fromNs, long toNs)
{
    public Lock Gate { get; } = new();

    public long FromNs { get; private set; } = fromNs;

    public long ToNs { get; private set; } = toNs;

    public void Widen(long fromNs, long toNs)
    {
        FromNs = Math.Min(FromNs, fromNs);
        ToNs = Math.Max(ToNs, toNs);
    }
}
