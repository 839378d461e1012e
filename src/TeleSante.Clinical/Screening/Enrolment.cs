namespace TeleSante.Clinical.Screening;

/// <summary>A diabetic patient covered by a campaign, at the site that invites them, with what is known of their
/// screening history: when they were last screened, how many consecutive results showed no retinopathy (for the
/// extended interval), whether an eye clinic follows them (then they are not invited), and so when they are due.</summary>
public sealed record Enrolment(
    string CampaignId,
    string PatientId,
    string SiteId,
    DateOnly? LastScreenedOn,
    int ConsecutiveNoRetinopathy,
    bool UnderEyeClinic,
    DateOnly? NextDue);
