namespace TeleSante.Analysis.Measurements;

/// <summary>Running sums for Pearson's correlation of two sample sequences (beat against median beat): one
/// accumulator for the alignment search and the P-wave consistency check.</summary>
internal struct PearsonSums
{
    private double _sx;
    private double _sy;
    private double _sxx;
    private double _syy;
    private double _sxy;
    private int _count;

    public void Add(double x, double y)
    {
        _sx += x;
        _sy += y;
        _sxx += x * x;
        _syy += y * y;
        _sxy += x * y;
        _count++;
    }

    /// <summary>The correlation, 0 when either sequence is flat (or nothing was added).</summary>
    public readonly double Correlation
    {
        get
        {
            if (_count == 0)
            {
                return 0;
            }

            var vx = _sxx - (_sx * _sx / _count);
            var vy = _syy - (_sy * _sy / _count);
            return vx > 0 && vy > 0 ? (_sxy - (_sx * _sy / _count)) / Math.Sqrt(vx * vy) : 0;
        }
    }
}
