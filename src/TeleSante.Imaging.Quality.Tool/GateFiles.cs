namespace TeleSante.Imaging.Quality.Tool;

/// <summary>The files of a gate model folder besides the model and limits (<see cref="FundusGate"/>).</summary>
internal static class GateFiles
{
    public const string EvaluationSet = "fundus-gate-eval.csv";

    public const string Training = "fundus-gate-training.json";
}
