namespace TeleSante.Analysis.Ml;

/// <summary>The model's output for one beat.</summary>
public sealed class BeatPrediction
{
    /// <summary>N, S or V.</summary>
    public string PredictedLabel { get; set; } = "";

    /// <summary>Per-class probabilities in the order N, S, V (the label keys are sorted by value when training).</summary>
    public float[] Score { get; set; } = [];
}
