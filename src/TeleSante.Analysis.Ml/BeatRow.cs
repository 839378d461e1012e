using Microsoft.ML.Data;
using TeleSante.Analysis.Beats;

namespace TeleSante.Analysis.Ml;

/// <summary>The beat classifier's input row: one beat's features (<see cref="BeatFeatures.Names"/> order) and, in
/// training and evaluation, its EC57 class as text (N, S or V).</summary>
public sealed class BeatRow
{
    [VectorType(BeatFeatures.Count)]
    public float[] Features { get; set; } = new float[BeatFeatures.Count];

    public string Label { get; set; } = "N";
}
