namespace TeleSante.Analysis.Tool;

/// <summary>The files of the beat classifier under a model folder (models/beats in the repository).</summary>
internal static class BeatFiles
{
    public const string Folder = "beats";
    public const string Model = "beat-model.zip";
    public const string EvaluationSet = "beat-eval.csv";
    public const string Training = "beat-training.json";

    /// <summary>The committed model, relative to the repository root (bxb classifies with it when it exists).</summary>
    public static string DefaultModel => Path.Combine("models", Folder, Model);
}
