using System.Globalization;
using TeleSante.Analysis.Scoring;

namespace TeleSante.Analysis.Tool;

/// <summary>Prints a comparison the way bxb's summary reads: counts, Se and +P, then the class matrix.</summary>
internal static class Report
{
    public static void Print(BeatByBeatResult result, double rate, TextWriter output)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scored from {result.ScoredFromSample / rate:0} s: TP {result.TruePositives}  FN {result.FalseNegatives}  FP {result.FalsePositives}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"QRS Se {Percent(result.Sensitivity)}  +P {Percent(result.PositivePredictivity)}"));
        output.WriteLine("beat classes (rows: reference, columns: detected; '-' none, i.e. FN in the last column, FP in the last row):");
        output.Write("        ");
        foreach (var c in BeatConfusionMatrix.Classes)
        {
            output.Write($"{Label(c),8}");
        }

        output.WriteLine();
        foreach (var r in BeatConfusionMatrix.Classes)
        {
            output.Write($"{Label(r),-8}");
            foreach (var c in BeatConfusionMatrix.Classes)
            {
                output.Write(r is null && c is null ? $"{"",8}" : $"{result.Matrix[r, c],8}");
            }

            output.WriteLine();
        }
    }

    public static void Mismatches(BeatByBeatResult result, double rate, TextWriter output, int limit)
    {
        foreach (var (name, list) in new[] { ("FN", result.Missed), ("FP", result.Extra) })
        {
            foreach (var at in list.Take(limit))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} at {at / rate:0.000} s (sample {at})"));
            }
        }
    }

    public static string Percent(double fraction) => string.Create(CultureInfo.InvariantCulture, $"{100 * fraction:0.00} %");

    private static string Label(BeatClass? c) => c switch
    {
        null => "-",
        BeatClass.Unknown => "Unknown",
        _ => c.Value.ToString(),
    };
}
