using TeleSante.CommandLine;
namespace TeleSante.Imaging.Quality.Tool;

/// <summary><c>telesante-fundus eval-gate</c>: the committed model on its committed held-out set, as in the README.</summary>
internal static class EvalGateCommand
{
    public static int Run(CommandArguments args, TextWriter output)
    {
        args.OnlyAllow("model");
        var folder = args.Text("model") ?? Path.Combine("models", "fundus-gate");
        var gate = FundusGate.Load(folder);
        using var csv = new StreamReader(Path.Combine(folder, GateFiles.EvaluationSet));
        GateReport.Write(gate, FundusGateCsv.Read(csv), output);
        return 0;
    }
}
