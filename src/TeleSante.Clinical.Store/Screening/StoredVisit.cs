using TeleSante.Clinical.Screening;

namespace TeleSante.Clinical.Store.Screening;

/// <summary>A visit as loaded for a grading step: its gradings, where it belongs, and the row version the step is
/// decided on.</summary>
internal sealed record StoredVisit(VisitGrading Grading, string CampaignId, string SiteId, string PatientId, DateOnly ScreenedOn, long Version, GradingRequest? Sent)
{
    public ScreeningVisit ToVisit() => new(CampaignId, SiteId, PatientId, ScreenedOn, Grading, Sent);
}
