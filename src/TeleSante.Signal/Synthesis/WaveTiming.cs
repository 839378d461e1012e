namespace TeleSante.Signal.Synthesis;

/// <summary>
/// Explicit wave timing and frontal axes for <see cref="SyntheticEcg"/>. When set, each beat is drawn from waves
/// of finite support (raised-cosine P, Q, R, S and an asymmetric T) so that its boundaries are exact, and the
/// generator reports them (<see cref="SyntheticEcg.Boundaries"/>); the 12 leads are projections of one heart
/// vector per wave (see <see cref="SyntheticEcg"/>). Validated when the generator is built.
/// </summary>
public sealed record WaveTiming
{
    /// <summary>P onset to QRS onset, ms (80–400; at least P duration + 20).</summary>
    public double PrMs { get; init; } = 160;

    /// <summary>P onset to P offset, ms (40–160).</summary>
    public double PDurationMs { get; init; } = 100;

    /// <summary>QRS onset to QRS offset, ms (40–200).</summary>
    public double QrsMs { get; init; } = 90;

    /// <summary>QRS onset to T offset, ms; null derives it from the mean RR with <see cref="QtFormula"/> and <see cref="QtcMs"/>.</summary>
    public double? QtMs { get; init; }

    /// <summary>Corrected QT used when <see cref="QtMs"/> is null, ms (250–600).</summary>
    public double QtcMs { get; init; } = 400;

    public QtFormula QtFormula { get; init; } = QtFormula.Bazett;

    /// <summary>Frontal QRS axis, degrees (−180..180; 0 = lead I, +90 = aVF).</summary>
    public double QrsAxisDegrees { get; init; } = 60;

    /// <summary>Frontal P axis, degrees.</summary>
    public double PAxisDegrees { get; init; } = 50;

    /// <summary>Frontal T axis, degrees.</summary>
    public double TAxisDegrees { get; init; } = 40;
}
