namespace TeleSante.Analysis.Rhythms;

/// <summary>
/// Evidence of organised atrial activity before each QRS: in sinus rhythm the segment before the QRS holds the same
/// P wave beat after beat, so it correlates across beats; in atrial fibrillation it holds fibrillatory waves unrelated
/// to the QRS, so it does not. Each segment is detrended (mean and slope removed, so baseline wander does not count),
/// the segments are smoothed (<see cref="SmoothingSeconds"/>) and averaged into a template, and the evidence is the mean Pearson correlation of each segment with it.
/// </summary>
public static class PWaveEvidence
{
    /// <summary>Start of the pre-QRS segment, seconds before the fiducial point (covers PR up to about 240 ms).</summary>
    public const double SegmentStartSeconds = 0.26;

    /// <summary>End of the pre-QRS segment, seconds before the fiducial point (stops before the Q wave).</summary>
    public const double SegmentEndSeconds = 0.06;

    /// <summary>Width of the moving average applied to each segment before it is compared: P waves lie below
    /// about 15 Hz, muscle noise is broadband, and 40 ms (first zero at 25 Hz) keeps the one and damps the other.</summary>
    public const double SmoothingSeconds = 0.040;

    /// <summary>Mean correlation (−1..1) of the pre-QRS segments of <paramref name="beats"/> (sample indexes into
    /// <paramref name="signal"/>, mV) with their average; 0 when fewer than three segments lie inside the signal or the
    /// segments are flat.</summary>
    public static double Compute(ReadOnlySpan<double> signal, ReadOnlySpan<long> beats, double sampleRateHz)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(sampleRateHz, 0);
        var from = (int)Math.Round(SegmentStartSeconds * sampleRateHz);
        var to = (int)Math.Round(SegmentEndSeconds * sampleRateHz);
        var length = from - to;
        var half = (int)Math.Round(SmoothingSeconds * sampleRateHz / 2);
        var segments = new List<double[]>(beats.Length);
        foreach (var beat in beats)
        {
            var start = beat - from;
            if (start < 0 || beat - to > signal.Length)
            {
                continue;
            }

            var segment = Smoothed(signal, (int)start, length, half);
            Detrend(segment);
            segments.Add(segment);
        }

        if (segments.Count < 3)
        {
            return 0;
        }

        var template = new double[length];
        foreach (var segment in segments)
        {
            for (var i = 0; i < length; i++)
            {
                template[i] += segment[i] / segments.Count;
            }
        }

        var total = 0.0;
        foreach (var segment in segments)
        {
            total += Correlation(segment, template);
        }

        return total / segments.Count;
    }

    // Centred moving average, the window clipped at the signal's ends.
    private static double[] Smoothed(ReadOnlySpan<double> signal, int start, int length, int half)
    {
        var segment = new double[length];
        for (var i = 0; i < length; i++)
        {
            var from = Math.Max(0, start + i - half);
            var to = Math.Min(signal.Length - 1, start + i + half);
            var sum = 0.0;
            for (var k = from; k <= to; k++)
            {
                sum += signal[k];
            }

            segment[i] = sum / (to - from + 1);
        }

        return segment;
    }

    private static void Detrend(double[] x)
    {
        // Least-squares line through (i, x[i]), subtracted.
        var n = x.Length;
        var meanI = (n - 1) / 2.0;
        double meanX = 0;
        foreach (var v in x)
        {
            meanX += v;
        }

        meanX /= n;
        double sxy = 0, sxx = 0;
        for (var i = 0; i < n; i++)
        {
            sxy += (i - meanI) * (x[i] - meanX);
            sxx += (i - meanI) * (i - meanI);
        }

        var slope = sxx > 0 ? sxy / sxx : 0;
        for (var i = 0; i < n; i++)
        {
            x[i] -= meanX + (slope * (i - meanI));
        }
    }

    private static double Correlation(double[] a, double[] b)
    {
        // Both are detrended, so their means are zero (up to rounding): the correlation is the normalised dot product.
        double ab = 0, aa = 0, bb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }

        return aa < 1e-12 || bb < 1e-12 ? 0 : ab / Math.Sqrt(aa * bb);
    }
}
