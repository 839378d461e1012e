using Microsoft.ML.Data;

namespace TeleSante.Imaging.Quality;

/// <summary>The model's output for one photograph: ungradable or not, and the calibrated probability of ungradable.</summary>
public sealed class FundusGatePrediction
{
    [ColumnName("PredictedLabel")]
    public bool Ungradable { get; set; }

    public float Probability { get; set; }

    public float Score { get; set; }
}
