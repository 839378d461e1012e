namespace TeleSante.Analysis.Beats;

/// <summary>
/// The QRS duration of one beat on one lead, for the stream's wide-QRS tachycardia statement (issue 12). The method is
/// <see cref="Measurements.RestingEcgMeasurer"/>'s QRS boundary search applied to a single beat instead of a median
/// beat: the lead is smoothed over 8 ms, its absolute derivative taken by a ±4 ms central difference, and from the
/// derivative's largest value within ±80 ms of the fiducial point the search goes outwards until the derivative stays
/// below 12 % of that value for 20 ms (at least 3 samples): that is the onset, and the offset on the other side. The
/// median beat's search needs 12 ms; a single noisy beat needs longer, or the flat top of a wide R (a few ms at 250 Hz,
/// where noise helps) ends the search inside the complex.
/// <para>
/// One lead sees less of the complex than twelve (a part that is isoelectric in that lead is missed), so this reads
/// shorter than the 12-lead global QRS, by about 10 ms on the project's generator; a beat whose search meets noise or
/// the end of its segment before a quiet stretch is not measured (null), never guessed. Allocation-free after
/// construction; not thread-safe.
/// </para>
/// </summary>
public sealed class QrsDurationEstimator
{
    private const double Before = 0.20;
    private const double After = 0.20;
    private const double AnchorSearch = 0.08;
    private const double SlopeFraction = 0.12;
    private readonly double _fs;
    private readonly int _before;
    private readonly int _after;
    private readonly int _smooth;
    private readonly int _h;
    private readonly int _quiet;
    private readonly int _anchor;
    private readonly double[] _smoothed;
    private readonly double[] _derivative;

    public QrsDurationEstimator(double sampleRateHz)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRateHz, 100);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRateHz, 2000);
        _fs = sampleRateHz;
        _before = Samples(Before);
        _after = Samples(After);
        _smooth = Math.Max(1, Samples(0.008)) | 1;
        _h = Math.Max(1, Samples(0.004));
        _quiet = Math.Max(3, Samples(0.020));
        _anchor = Samples(AnchorSearch);
        _smoothed = new double[_before + _after + 1];
        _derivative = new double[_before + _after + 1];
    }

    /// <summary>Samples needed before the fiducial point.</summary>
    public int SamplesBefore => _before;

    /// <summary>Samples needed after the fiducial point.</summary>
    public int SamplesAfter => _after;

    /// <summary>
    /// The QRS duration in ms of the beat whose fiducial point is <paramref name="signal"/>[<paramref name="fiducial"/>]
    /// (mV, one lead, unfiltered); null when the segment is incomplete, holds a missing sample (NaN), is flat, or no
    /// quiet stretch bounds the complex.
    /// </summary>
    public double? MeasureMs(ReadOnlySpan<float> signal, int fiducial)
    {
        var from = fiducial - _before;
        if (from < 0 || fiducial + _after >= signal.Length)
        {
            return null;
        }

        var length = _before + _after + 1;
        var segment = signal.Slice(from, length);
        var half = _smooth / 2;
        double sum = 0;
        var count = 0;
        // Running centred mean (window shrinks at the edges, as the resting measurer's).
        for (var j = 0; j <= Math.Min(length - 1, half); j++)
        {
            if (float.IsNaN(segment[j]))
            {
                return null;
            }

            sum += segment[j];
            count++;
        }

        for (var k = 0; k < length; k++)
        {
            _smoothed[k] = sum / count;
            var add = k + half + 1;
            if (add < length)
            {
                if (float.IsNaN(segment[add]))
                {
                    return null;
                }

                sum += segment[add];
                count++;
            }

            var remove = k - half;
            if (remove >= 0)
            {
                sum -= segment[remove];
                count--;
            }
        }

        Array.Clear(_derivative);
        for (var k = _h; k < length - _h; k++)
        {
            _derivative[k] = Math.Abs(_smoothed[k + _h] - _smoothed[k - _h]);
        }

        var anchor = _before - _anchor;
        for (var k = _before - _anchor; k <= _before + _anchor; k++)
        {
            if (_derivative[k] > _derivative[anchor])
            {
                anchor = k;
            }
        }

        if (!(_derivative[anchor] > 0))
        {
            return null;
        }

        var threshold = SlopeFraction * _derivative[anchor];
        var onset = Quiet(anchor, -1, _h, threshold);
        var offset = Quiet(anchor, +1, length - 1 - _h, threshold);
        return onset is { } on && offset is { } off ? (off - on) / _fs * 1000 : null;
    }

    private int? Quiet(int start, int step, int limit, double threshold)
    {
        var run = 0;
        for (var k = start; step < 0 ? k >= limit : k <= limit; k += step)
        {
            run = _derivative[k] < threshold ? run + 1 : 0;
            if (run >= _quiet)
            {
                return k - (step * (_quiet - 1));
            }
        }

        return null;
    }

    private int Samples(double seconds) => (int)Math.Round(seconds * _fs);
}
