namespace TeleSante.Clinical.Screening;

/// <summary>Cohen's kappa over paired gradings. <see cref="Kappa"/> is null when it is undefined: no pair, or
/// both graders used one single category (chance agreement is then 1 and agreement says nothing).</summary>
public sealed record KappaResult(int Pairs, double ObservedAgreement, double ExpectedAgreement, double? Kappa);
