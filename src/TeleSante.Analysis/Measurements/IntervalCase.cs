using TeleSante.Signal.Synthesis;

namespace TeleSante.Analysis.Measurements;

/// <summary>One generated ECG of <see cref="IntervalEvaluation"/>: its parameters, the truth and what was measured.</summary>
public sealed record IntervalCase(
    SyntheticEcgOptions Options,
    double TruePrMs,
    double TrueQrsMs,
    double TrueQtMs,
    RestingEcgMeasurements Measured)
{
    public double? PrErrorMs => Measured.PrMs.Value - TruePrMs;

    public double? QrsErrorMs => Measured.QrsMs.Value - TrueQrsMs;

    public double? QtErrorMs => Measured.QtMs.Value - TrueQtMs;
}
