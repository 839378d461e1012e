using System.Globalization;
using TeleSante.Analysis.Ml;

namespace TeleSante.Analysis.Tool;

/// <summary>Prints the AF classifier's confusion matrices as Markdown (the README's tables).</summary>
internal static class AfReport
{
    public static void Write(AfClassifier classifier, IReadOnlyList<AfLabelledWindow> windows, TextWriter output)
    {
        var all = classifier.Evaluate(windows);
        output.WriteLine($"AF classifier, {all.Count} held-out windows of {Rhythms.RhythmWindows.DefaultIntervals} RR intervals:");
        output.WriteLine();
        output.WriteLine("| Reference \\ Model | AF | not AF |");
        output.WriteLine("|---|---|---|");
        output.WriteLine($"| AF | {all.TruePositives} | {all.FalseNegatives} |");
        output.WriteLine($"| not AF | {all.FalsePositives} | {all.TrueNegatives} |");
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Se {Report.Percent(all.Sensitivity)} (target ≥ 95 %), Sp {Report.Percent(all.Specificity)} (target ≥ 98 %)"));
        output.WriteLine();
        output.WriteLine("| Source | Rhythm | Windows | Called AF |");
        output.WriteLine("|---|---|---|---|");
        foreach (var group in windows.GroupBy(w => (w.Source, w.Kind)).OrderBy(g => g.Key.Source, StringComparer.Ordinal).ThenBy(g => g.Key.Kind, StringComparer.Ordinal))
        {
            var confusion = classifier.Evaluate(group);
            output.WriteLine($"| {group.Key.Source} | {group.Key.Kind} | {confusion.Count} | {confusion.TruePositives + confusion.FalsePositives} |");
        }
    }
}
