using TeleSante.Analysis.Ml;
using TeleSante.CommandLine;

namespace TeleSante.Analysis.Tool;

/// <summary><c>telesante-ecg eval-af</c>: re-evaluates a trained AF model on its committed evaluation set and prints the
/// confusion matrix.</summary>
internal static class EvalAfCommand
{
    public static int Run(CommandArguments args, TextWriter output)
    {
        args.OnlyAllow("model");
        var folder = args.Text("model") ?? Path.Combine("models", "af");
        var classifier = AfClassifier.Load(Path.Combine(folder, AfFiles.Model));
        using var csv = new StreamReader(Path.Combine(folder, AfFiles.EvaluationSet));
        AfReport.Write(classifier, AfWindowCsv.Read(csv), output);
        return 0;
    }
}
