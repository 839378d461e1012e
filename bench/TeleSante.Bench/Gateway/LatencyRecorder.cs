using System.Diagnostics;

namespace TeleSante.Bench.Gateway;

/// <summary>
/// Every latency of a run, kept exactly (a minute at a few thousand acks a second is well under a
/// million values), so percentiles are exact rather than bucketed. Lock-free: acks arrive on many
/// gRPC receive loops at once.
/// </summary>
public sealed class LatencyRecorder(int capacity)
{
    private readonly long[] _ticks = new long[capacity];

    // When each value was recorded (Stopwatch timestamp), so a window can leave out the connect phase.
    private readonly long[] _recordedAt = new long[capacity];
    private int _count;

    public int Count => Math.Min(Volatile.Read(ref _count), _ticks.Length);

    /// <summary>Values beyond the capacity are counted but not kept.</summary>
    public int Dropped => Math.Max(0, Volatile.Read(ref _count) - _ticks.Length);

    public void Record(long stopwatchTicks)
    {
        var index = Interlocked.Increment(ref _count) - 1;
        if (index < _ticks.Length)
        {
            _ticks[index] = stopwatchTicks;
            _recordedAt[index] = Stopwatch.GetTimestamp();
        }
    }

    public LatencySummary Summarize() => Summarize(_ticks.AsSpan(0, Count).ToArray());

    /// <summary>The values recorded between two <see cref="Stopwatch.GetTimestamp"/> readings: the
    /// steady part of a run, apart from the connect phase and the drain.</summary>
    public LatencySummary Summarize(long fromTimestamp, long toTimestamp)
    {
        var values = new List<long>();
        for (var i = 0; i < Count; i++)
        {
            if (_recordedAt[i] >= fromTimestamp && _recordedAt[i] < toTimestamp)
            {
                values.Add(_ticks[i]);
            }
        }

        return Summarize([.. values]);
    }

    private static LatencySummary Summarize(long[] values)
    {
        Array.Sort(values);
        double Ms(double quantile) => values.Length == 0 ? 0 : values[Math.Min(values.Length - 1, (int)Math.Ceiling(quantile * values.Length) - 1)] * 1000.0 / Stopwatch.Frequency;
        return new LatencySummary(values.Length, Ms(0.50), Ms(0.95), Ms(0.99), Ms(0.999), Ms(1.0));
    }
}
