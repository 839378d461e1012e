using Microsoft.ML.Data;
using TeleSante.Analysis.Rhythms;

namespace TeleSante.Analysis.Ml;

/// <summary>The classifier's input row: one window's features (<see cref="RhythmWindow.FeatureNames"/> order) and,
/// in training and evaluation, whether the window is atrial fibrillation.</summary>
public sealed class AfWindowRow
{
    /// <summary>Length of <see cref="Features"/>.</summary>
    public const int FeatureCount = 10;

    [VectorType(FeatureCount)]
    public float[] Features { get; set; } = new float[FeatureCount];

    public bool Label { get; set; }
}
