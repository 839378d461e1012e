using TeleSante.Analysis.Internal;

namespace TeleSante.Analysis.Rhythms;

/// <summary>
/// Irregularity measures of one window of consecutive RR intervals, the inputs of the atrial-fibrillation classifier.
/// Measures that scale with the rate are divided by the mean RR, so that one threshold serves 40 and 180 bpm.
/// Computation is deterministic (no randomness, fixed summation order).
/// </summary>
/// <param name="MeanRateBpm">60 / mean RR.</param>
/// <param name="NormalizedRmssd">Root mean square of successive differences / mean RR.</param>
/// <param name="MedianAbsoluteDifference">Median |ΔRR| / mean RR: small when only a few beats are ectopic, large in AF
/// where most successive intervals differ.</param>
/// <param name="CoefficientOfSampleEntropy">COSEn (Lake and Moorman, Am J Physiol 2011): sample entropy (m = 1,
/// r = 30 ms) + ln(2r) − ln(mean RR); windows with no template match get the bound ln(n(n−1)/2).</param>
/// <param name="TurningPointRatio">Turning points / their expectation for a random series, 2(n − 2)/3.</param>
/// <param name="Pnn">Fraction of successive differences larger than 6.25 % of the mean RR (a rate-relative pNN50).</param>
/// <param name="Sd1">Poincaré SD1 / mean RR (short-term variability).</param>
/// <param name="Sd1Sd2Ratio">Poincaré SD1 / SD2: near 1 in AF where successive intervals are uncorrelated.</param>
/// <param name="DifferenceEntropy">Shannon entropy (bits) of the histogram of ΔRR / mean RR in bins of 0.05: concentrated
/// in one or two bins for sinus rhythm and bigeminy, spread in AF.</param>
public readonly record struct RrWindowFeatures(
    double MeanRateBpm,
    double NormalizedRmssd,
    double MedianAbsoluteDifference,
    double CoefficientOfSampleEntropy,
    double TurningPointRatio,
    double Pnn,
    double Sd1,
    double Sd1Sd2Ratio,
    double DifferenceEntropy)
{
    /// <summary>The fewest intervals a window may hold: below this the entropy and Poincaré measures mean little.</summary>
    public const int MinimumIntervals = 8;

    /// <summary>Sample-entropy tolerance, seconds (Lake and Moorman's 30 ms).</summary>
    public const double EntropyTolerance = 0.030;

    /// <summary>The names of <see cref="ToArray"/>'s values, in order (CSV headers, model metadata).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "mean_rate_bpm", "nrmssd", "median_abs_diff", "cosen", "turning_point_ratio", "pnn", "sd1", "sd1_sd2", "diff_entropy",
    ];

    /// <summary>Computes the measures of <paramref name="rr"/> (seconds, all positive, at least
    /// <see cref="MinimumIntervals"/>).</summary>
    public static RrWindowFeatures Compute(ReadOnlySpan<double> rr)
    {
        if (rr.Length < MinimumIntervals)
        {
            throw new ArgumentException($"an RR window needs at least {MinimumIntervals} intervals, got {rr.Length}", nameof(rr));
        }

        var mean = 0.0;
        foreach (var value in rr)
        {
            if (!(value > 0) || !double.IsFinite(value))
            {
                throw new ArgumentException($"RR intervals must be positive and finite, got {value}", nameof(rr));
            }

            mean += value;
        }

        mean /= rr.Length;
        var n = rr.Length - 1;
        var diffs = n <= 256 ? stackalloc double[n] : new double[n];
        double squares = 0, large = 0;
        for (var i = 0; i < n; i++)
        {
            diffs[i] = rr[i + 1] - rr[i];
            squares += diffs[i] * diffs[i];
            if (Math.Abs(diffs[i]) > 0.0625 * mean)
            {
                large++;
            }
        }

        var rmssd = Math.Sqrt(squares / n);
        return new RrWindowFeatures(
            MeanRateBpm: 60 / mean,
            NormalizedRmssd: rmssd / mean,
            MedianAbsoluteDifference: MedianAbsolute(diffs) / mean,
            CoefficientOfSampleEntropy: SampleEntropy(rr, EntropyTolerance) + Math.Log(2 * EntropyTolerance) - Math.Log(mean),
            TurningPointRatio: TurningPoints(rr) / (2.0 * (rr.Length - 2) / 3),
            Pnn: large / n,
            Sd1: Sd1Of(diffs) / mean,
            Sd1Sd2Ratio: Sd1Sd2(rr, diffs),
            DifferenceEntropy: HistogramEntropy(diffs, mean));
    }

    /// <summary>The measures as a vector in <see cref="Names"/> order.</summary>
    public float[] ToArray() =>
    [
        (float)MeanRateBpm, (float)NormalizedRmssd, (float)MedianAbsoluteDifference, (float)CoefficientOfSampleEntropy,
        (float)TurningPointRatio, (float)Pnn, (float)Sd1, (float)Sd1Sd2Ratio, (float)DifferenceEntropy,
    ];

    private static double MedianAbsolute(ReadOnlySpan<double> diffs)
    {
        var sorted = diffs.Length <= 256 ? stackalloc double[diffs.Length] : new double[diffs.Length];
        for (var i = 0; i < diffs.Length; i++)
        {
            sorted[i] = Math.Abs(diffs[i]);
        }

        return SampleStatistics.MedianInPlace(sorted);
    }

    // Sample entropy with embedding dimension 1: -ln(A/B), B = pairs of single points within r, A = pairs of
    // two-point templates within r (Chebyshev distance), self-matches excluded.
    private static double SampleEntropy(ReadOnlySpan<double> rr, double r)
    {
        var count = rr.Length - 1; // templates of length 2 need a successor
        long b = 0, a = 0;
        for (var i = 0; i < count; i++)
        {
            for (var j = i + 1; j < count; j++)
            {
                if (Math.Abs(rr[i] - rr[j]) <= r)
                {
                    b++;
                    if (Math.Abs(rr[i + 1] - rr[j + 1]) <= r)
                    {
                        a++;
                    }
                }
            }
        }

        // No match at all: the entropy is undefined; take its largest finite value for this length.
        var bound = Math.Log(count * (count - 1) / 2.0);
        return a == 0 || b == 0 ? bound : Math.Min(bound, -Math.Log((double)a / b));
    }

    private static int TurningPoints(ReadOnlySpan<double> rr)
    {
        var turns = 0;
        for (var i = 1; i < rr.Length - 1; i++)
        {
            if ((rr[i] > rr[i - 1] && rr[i] > rr[i + 1]) || (rr[i] < rr[i - 1] && rr[i] < rr[i + 1]))
            {
                turns++;
            }
        }

        return turns;
    }

    // SD1 = std(ΔRR) / sqrt 2.
    private static double Sd1Of(ReadOnlySpan<double> diffs) => SampleStatistics.StandardDeviation(diffs) / Math.Sqrt(2);

    // SD2 = std(RR[i+1] + RR[i]) / sqrt 2; the ratio is bounded for a perfectly regular window (both zero).
    private static double Sd1Sd2(ReadOnlySpan<double> rr, ReadOnlySpan<double> diffs)
    {
        var sums = diffs.Length <= 256 ? stackalloc double[diffs.Length] : new double[diffs.Length];
        for (var i = 0; i < diffs.Length; i++)
        {
            sums[i] = rr[i + 1] + rr[i];
        }

        var sd1 = SampleStatistics.StandardDeviation(diffs);
        var sd2 = SampleStatistics.StandardDeviation(sums);
        return sd2 < 1e-9 ? (sd1 < 1e-9 ? 0 : 10) : Math.Min(10, sd1 / sd2);
    }

    private static double HistogramEntropy(ReadOnlySpan<double> diffs, double mean)
    {
        // Bins of 0.05 mean RR from -1 to +1 mean RR, the extremes folded into the end bins.
        const int Bins = 40;
        Span<int> counts = stackalloc int[Bins];
        counts.Clear();
        foreach (var d in diffs)
        {
            var bin = (int)Math.Floor(((d / mean) + 1) / 0.05);
            counts[Math.Clamp(bin, 0, Bins - 1)]++;
        }

        var entropy = 0.0;
        foreach (var c in counts)
        {
            if (c > 0)
            {
                var p = (double)c / diffs.Length;
                entropy -= p * Math.Log2(p);
            }
        }

        return entropy;
    }
}
