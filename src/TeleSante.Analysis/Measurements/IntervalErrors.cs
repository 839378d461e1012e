namespace TeleSante.Analysis.Measurements;

/// <summary>Error statistics of one interval against the generator's truth (measured − true), ms.</summary>
/// <param name="Measured">Cases where the interval was measured (the statistics are over these).</param>
/// <param name="NotMeasured">Cases where it was reported not measurable.</param>
public readonly record struct IntervalErrors(double MeanMs, double SdMs, double MaxAbsMs, int Measured, int NotMeasured)
{
    public static IntervalErrors Of(IReadOnlyList<double?> errors)
    {
        var values = errors.Where(e => e.HasValue).Select(e => e!.Value).ToArray();
        if (values.Length == 0)
        {
            return new IntervalErrors(double.NaN, double.NaN, double.NaN, 0, errors.Count);
        }

        var mean = values.Average();
        var sd = values.Length > 1 ? Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1)) : 0;
        return new IntervalErrors(mean, sd, values.Max(Math.Abs), values.Length, errors.Count - values.Length);
    }
}
