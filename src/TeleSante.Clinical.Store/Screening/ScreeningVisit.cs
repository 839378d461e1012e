using TeleSante.Clinical.Screening;

namespace TeleSante.Clinical.Store.Screening;

/// <summary>A screening visit: where and when it happened, whose it is, its gradings, and its grading request (null
/// until the operator sends it to grading).</summary>
public sealed record ScreeningVisit(string CampaignId, string SiteId, string PatientId, DateOnly ScreenedOn, VisitGrading Grading, GradingRequest? Sent = null);
