using System.Globalization;
using TeleSante.Analysis.Ml;

namespace TeleSante.Analysis.Tool;

/// <summary>Prints the beat classifier's confusion matrices as Markdown (the README's tables): the held-out generated
/// beats, then each real record and lead.</summary>
internal static class BeatReport
{
    public static void Write(BeatClassifier classifier, IReadOnlyList<BeatLabelledExample> examples, TextWriter output)
    {
        foreach (var group in examples.GroupBy(e => e.Source == "synthetic" ? "held-out generated beats" : $"{e.Source} lead {e.Lead}"))
        {
            var confusion = classifier.Evaluate(group);
            output.WriteLine($"Beat classifier, {group.Key} ({confusion.Count} beats):");
            output.WriteLine();
            Matrix(confusion, output);
            output.WriteLine();
        }

        output.WriteLine("| Source | Rhythm | Beats | N | S | V | Correct |");
        output.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var group in examples.GroupBy(e => (e.Source, e.Kind)).OrderBy(g => g.Key.Source, StringComparer.Ordinal).ThenBy(g => g.Key.Kind, StringComparer.Ordinal))
        {
            var c = classifier.Evaluate(group);
            var correct = c[BeatClass.N, BeatClass.N] + c[BeatClass.S, BeatClass.S] + c[BeatClass.V, BeatClass.V];
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Key.Source} | {group.Key.Kind} | {c.Count} | {group.Count(e => e.Label == BeatClass.N)} | {group.Count(e => e.Label == BeatClass.S)} | {group.Count(e => e.Label == BeatClass.V)} | {Report.Percent((double)correct / c.Count)} |"));
        }
    }

    /// <summary>The matrix row by row, then Se and +P per class.</summary>
    public static void Matrix(BeatConfusion c, TextWriter output)
    {
        output.WriteLine("| Reference \\ Model | N | S | V | Se |");
        output.WriteLine("|---|---|---|---|---|");
        foreach (var r in BeatConfusion.Classes)
        {
            output.WriteLine($"| {r} | {c[r, BeatClass.N]} | {c[r, BeatClass.S]} | {c[r, BeatClass.V]} | {Percent(c.Sensitivity(r))} |");
        }

        output.WriteLine($"| +P | {Percent(c.PositivePredictivity(BeatClass.N))} | {Percent(c.PositivePredictivity(BeatClass.S))} | {Percent(c.PositivePredictivity(BeatClass.V))} | |");
    }

    private static string Percent(double fraction) => double.IsNaN(fraction) ? "—" : Report.Percent(fraction);
}
