namespace TeleSante.Clinical.Screening;

/// <summary>Cohen's kappa (Cohen 1960): agreement between two raters beyond what their own category frequencies
/// would give by chance, κ = (p_o − p_e) / (1 − p_e).</summary>
public static class CohenKappa
{
    public static KappaResult Compute<T>(IEnumerable<(T First, T Second)> pairs)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var first = new Dictionary<T, int>();
        var second = new Dictionary<T, int>();
        int n = 0, agree = 0;
        foreach (var (a, b) in pairs)
        {
            n++;
            if (EqualityComparer<T>.Default.Equals(a, b))
            {
                agree++;
            }

            first[a] = first.GetValueOrDefault(a) + 1;
            second[b] = second.GetValueOrDefault(b) + 1;
        }

        if (n == 0)
        {
            return new KappaResult(0, 0, 0, null);
        }

        var observed = (double)agree / n;
        var expected = 0.0;
        foreach (var (category, count) in first)
        {
            expected += (double)count / n * second.GetValueOrDefault(category) / n;
        }

        double? kappa = expected >= 1.0 ? null : (observed - expected) / (1.0 - expected);
        return new KappaResult(n, observed, expected, kappa);
    }
}
