using TeleSante.Analysis.Ml;
using TeleSante.CommandLine;

namespace TeleSante.Analysis.Tool;

/// <summary><c>telesante-ecg eval-beats</c>: re-evaluates a trained beat model on its committed evaluation set and
/// prints the confusion matrices.</summary>
internal static class EvalBeatsCommand
{
    public static int Run(CommandArguments args, TextWriter output)
    {
        args.OnlyAllow("model");
        var folder = args.Text("model") ?? Path.Combine("models", BeatFiles.Folder);
        var classifier = BeatClassifier.Load(Path.Combine(folder, BeatFiles.Model));
        using var csv = new StreamReader(Path.Combine(folder, BeatFiles.EvaluationSet));
        BeatReport.Write(classifier, BeatExampleCsv.Read(csv), output);
        return 0;
    }
}
