namespace TeleSante.Clinical.Proposals;

/// <summary>
/// One machine-proposed ECG measurement (issue 12), with what a reader needs to trust it: its LOINC code where one
/// exists, its UCUM unit, the method (QTc: Bazett or Fridericia) and the time span it was measured on. Either
/// <see cref="Value"/> or <see cref="NotMeasurable"/> is set, never both: a missing value says why.
/// </summary>
/// <param name="Key">Stable key: rate, pr, qrs, qt, qtcBazett, qtcFridericia, pAxis, qrsAxis, tAxis.</param>
/// <param name="Unit">UCUM: <c>/min</c>, <c>ms</c>, <c>deg</c>.</param>
public sealed record ProposedValue(
    string Key,
    string Display,
    string? Loinc,
    string Unit,
    string? Method,
    double? Value,
    string? NotMeasurable,
    DateTimeOffset From,
    DateTimeOffset To);
