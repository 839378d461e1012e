namespace TeleSante.Analysis.Internal;

/// <summary>The last few values of a level (QRS peaks, noise peaks, RR intervals) and their median: Hamilton and
/// Tompkins found the median of the last 8 more robust than a running mean against one huge artefact.</summary>
internal sealed class MedianWindow(int capacity)
{
    private readonly double[] _values = new double[capacity];
    private int _next;

    public int Count { get; private set; }

    public void Push(double value)
    {
        _values[_next] = value;
        _next = (_next + 1) % _values.Length;
        Count = Math.Min(Count + 1, _values.Length);
    }

    public void Fill(double value)
    {
        Array.Fill(_values, value);
        Count = _values.Length;
        _next = 0;
    }

    public void Clear()
    {
        Count = 0;
        _next = 0;
    }

    public double Median() => Quantile(0.5);

    /// <summary>The value at fraction <paramref name="q"/> of the sorted window, interpolated.</summary>
    public double Quantile(double q)
    {
        if (Count == 0)
        {
            return 0;
        }

        Span<double> sorted = stackalloc double[Count];
        _values.AsSpan(0, Count).CopyTo(sorted);
        sorted.Sort();
        var position = q * (Count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(Count - 1, below + 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}
