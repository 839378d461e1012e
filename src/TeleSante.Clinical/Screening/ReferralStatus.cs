namespace TeleSante.Clinical.Screening;

/// <summary>A referral (or a re-imaging after a technical failure) and whether the eye clinic has seen the patient.
/// Overdue: not seen and past its deadline at the time asked.</summary>
public sealed record ReferralStatus(
    string VisitId,
    string CampaignId,
    string SiteId,
    string PatientId,
    ScreeningOutcome Outcome,
    DateTimeOffset Deadline,
    DateOnly? SeenOn,
    string? ClinicOutcome,
    bool Overdue);
