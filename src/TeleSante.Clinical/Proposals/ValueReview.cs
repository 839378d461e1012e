namespace TeleSante.Clinical.Proposals;

/// <summary>One reported value against its proposal: the proposal (null when not measurable), the signed value (null when
/// left empty), and the decision.</summary>
public sealed record ValueReview(string Key, string Unit, double? Proposed, double? Final, ReviewDecision Decision);
