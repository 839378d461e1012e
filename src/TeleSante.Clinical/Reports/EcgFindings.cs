namespace TeleSante.Clinical.Reports;

/// <summary>
/// The structured interpretation of a resting ECG: rhythm, rate (/min), PR, QRS, QT and QTc intervals (ms),
/// frontal QRS axis (degrees, −180..180), conclusion, urgency of follow-up, free text. Intervals are null when
/// not measurable (PR in atrial fibrillation). Ranges are plausibility bounds to catch typing errors, wider
/// than any pathology.
/// </summary>
public sealed record EcgFindings(
    string Rhythm,
    int RateBpm,
    int? PrMs,
    int? QrsMs,
    int? QtMs,
    int? QtcMs,
    int? AxisDegrees,
    string Conclusion,
    FollowUpUrgency FollowUp,
    string? FreeText)
{
    public Refusal? Check()
    {
        if (string.IsNullOrWhiteSpace(Rhythm) || string.IsNullOrWhiteSpace(Conclusion) || Conclusion.Length > 8000 || FreeText?.Length > 8000)
        {
            return Invalid("rhythm and conclusion are required (conclusion and free text at most 8000 characters)");
        }

        if (RateBpm is < 10 or > 400)
        {
            return Invalid("rate must be 10..400 /min");
        }

        if (PrMs is < 40 or > 1000 || QrsMs is < 20 or > 400 || QtMs is < 100 or > 1000 || QtcMs is < 100 or > 1000)
        {
            return Invalid("intervals: PR 40..1000 ms, QRS 20..400 ms, QT and QTc 100..1000 ms");
        }

        if (AxisDegrees is < -180 or > 180)
        {
            return Invalid("axis must be −180..180°");
        }

        return Enum.IsDefined(FollowUp) ? null : Invalid("unknown follow-up urgency");
    }

    private static Refusal Invalid(string detail) => new(RefusalCode.InvalidInput, detail);
}
