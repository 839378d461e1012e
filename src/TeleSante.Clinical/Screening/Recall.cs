namespace TeleSante.Clinical.Screening;

/// <summary>When the patient is next expected: a screening recall date, or a deadline for the referral or the
/// re-imaging, with the rule that set it.</summary>
/// <param name="Outcome">The visit's outcome.</param>
/// <param name="NextScreeningDue">The date of the next screening invitation; null while the patient is referred
/// (the eye clinic discharges them back to screening).</param>
/// <param name="ActionDeadline">The date by which the referral must be seen or the eye re-imaged; null for a rescreen.</param>
/// <param name="Rule">Why, for the patient's record ("12 months: retinopathy seen at the last screening").</param>
public sealed record Recall(ScreeningOutcome Outcome, DateOnly? NextScreeningDue, DateTimeOffset? ActionDeadline, string Rule);
