using TeleSante.Clinical.Screening;

namespace TeleSante.Clinical.Store.Screening;

/// <summary>A screening visit: where and when it happened, whose it is, and its gradings.</summary>
public sealed record ScreeningVisit(string CampaignId, string SiteId, string PatientId, DateOnly ScreenedOn, VisitGrading Grading);
