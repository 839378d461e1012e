using System.Globalization;

namespace TeleSante.Imaging.Quality.Tool;

/// <summary>The README's tables: the confusion matrix (ungradable positive) and, per defect kind and severity band, how
/// many were called ungradable and the main reason most often given.</summary>
internal static class GateReport
{
    public static FundusGateConfusion Write(FundusGate gate, IReadOnlyList<FundusGateSample> samples, TextWriter output)
    {
        var confusion = gate.Evaluate(samples);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{samples.Count} held-out photographs"));
        output.WriteLine();
        output.WriteLine("| reference \\ gate | ungradable | gradable |");
        output.WriteLine("|---|---|---|");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| ungradable | {confusion.TruePositives} | {confusion.FalseNegatives} |"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| gradable | {confusion.FalsePositives} | {confusion.TrueNegatives} |"));
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ungradable Se {confusion.Sensitivity:P1}, Sp {confusion.Specificity:P1}"));
        output.WriteLine();
        output.WriteLine("| defect | severity | photographs | called ungradable | main reason (most often) |");
        output.WriteLine("|---|---|---|---|---|");
        foreach (var group in samples.GroupBy(s => (s.Defect, Band: s.Ungradable ? "severe" : s.Severity > 0 ? "mild" : "-")).OrderBy(g => g.Key.Defect, StringComparer.Ordinal).ThenBy(g => g.Key.Band, StringComparer.Ordinal))
        {
            var verdicts = group.Select(s => gate.Assess(s.Measurements, s.Field)).ToList();
            var ungradable = verdicts.Where(v => !v.Gradable).ToList();
            var reason = ungradable.GroupBy(v => v.Reasons[0], StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).FirstOrDefault();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Key.Defect} | {group.Key.Band} | {verdicts.Count} | {ungradable.Count} | {(reason is null ? "-" : $"{reason.Key} ({reason.Count()})")} |"));
        }

        return confusion;
    }
}
