namespace TeleSante.Analysis.Tool;

/// <summary>The files of the AF classifier under a model folder (models/af in the repository).</summary>
internal static class AfFiles
{
    public const string Model = "af-model.zip";
    public const string EvaluationSet = "af-eval.csv";
    public const string Training = "af-training.json";
}
