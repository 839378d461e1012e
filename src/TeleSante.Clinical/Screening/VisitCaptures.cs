namespace TeleSante.Clinical.Screening;

/// <summary>A screening visit's four protocol fields as the operator's page shows them, and whether the visit was sent
/// to grading (after which its captures are frozen).</summary>
public sealed record VisitCaptures(string VisitId, string SiteId, IReadOnlyList<FieldStatus> Fields, GradingRequest? Sent);
