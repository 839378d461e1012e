namespace TeleSante.Analysis.Ml;

/// <summary>The model's output for one window.</summary>
public sealed class AfPrediction
{
    /// <summary>Atrial fibrillation suspected (score above 0).</summary>
    public bool PredictedLabel { get; set; }

    /// <summary>The boosted trees' raw score.</summary>
    public float Score { get; set; }

    /// <summary>The score calibrated to 0..1 (Platt).</summary>
    public float Probability { get; set; }
}
