namespace TeleSante.Analysis.Internal;

/// <summary>The median and population standard deviation the detector, the measurements, the rhythm features and
/// the noise scaling all take of a handful of values: one definition (mean of the middle two for an even count).</summary>
internal static class SampleStatistics
{
    /// <summary>The median of <paramref name="values"/>, which it sorts in place.</summary>
    public static double MedianInPlace(Span<double> values)
    {
        values.Sort();
        var half = values.Length / 2;
        return values.Length % 2 == 1 ? values[half] : (values[half - 1] + values[half]) / 2;
    }

    /// <summary>The population standard deviation (divided by n, not n − 1).</summary>
    public static double StandardDeviation(ReadOnlySpan<double> values)
    {
        var mean = 0.0;
        foreach (var v in values)
        {
            mean += v;
        }

        mean /= values.Length;
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += (v - mean) * (v - mean);
        }

        return Math.Sqrt(sum / values.Length);
    }
}
