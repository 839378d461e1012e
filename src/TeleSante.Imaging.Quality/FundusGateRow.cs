using Microsoft.ML.Data;

namespace TeleSante.Imaging.Quality;

/// <summary>The gate model's input row: the measurements (<see cref="FundusMeasurements.Names"/> order) and, in training
/// and evaluation, whether the photograph is ungradable (the positive class).</summary>
public sealed class FundusGateRow
{
    [VectorType(FundusMeasurements.Count)]
    public float[] Features { get; set; } = new float[FundusMeasurements.Count];

    public bool Label { get; set; }
}
