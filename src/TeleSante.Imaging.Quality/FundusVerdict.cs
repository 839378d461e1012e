namespace TeleSante.Imaging.Quality;

/// <summary>The gate's answer for one photograph.</summary>
/// <param name="Gradable">False: retake now.</param>
/// <param name="UngradableProbability">The model's calibrated probability that a grader would reject it.</param>
/// <param name="Reasons">Why it is ungradable, the main reason first (empty when gradable).</param>
/// <param name="Measurements">What was measured, so the operator and the log see the figures behind the verdict.</param>
public sealed record FundusVerdict(bool Gradable, double UngradableProbability, IReadOnlyList<string> Reasons, FundusMeasurements Measurements);
