namespace TeleSante.Clinical.Consents;

/// <summary>
/// What a patient was told and agreed to, who collected it and when (issue 11). <see cref="Specialties"/> are
/// the specialties the patient agreed a tele-expertise with; <see cref="ShareReportWithTreatingGp"/> allows
/// sending the signed report to their GP. A withdrawal is recorded (who, when, why) and stops any further
/// sharing; the consent itself is kept, for the audit.
/// </summary>
public sealed record Consent(
    string Id,
    string PatientId,
    string InformationGiven,
    IReadOnlyList<string> Specialties,
    bool ShareReportWithTreatingGp,
    string? TreatingGp,
    string CollectedBy,
    DateTimeOffset CollectedAt,
    ConsentWithdrawal? Withdrawal)
{
    public bool IsWithdrawn => Withdrawal is not null;

    /// <summary>Null when a tele-expertise in <paramref name="specialty"/> for this patient may go ahead.</summary>
    public Refusal? CheckTeleExpertise(string patientId, string specialty)
    {
        if (Withdrawal is not null)
        {
            return new Refusal(RefusalCode.ConsentWithdrawn, $"consent {Id} was withdrawn on {Withdrawal.At:O}");
        }

        if (patientId != PatientId)
        {
            return new Refusal(RefusalCode.NotConsented, $"consent {Id} is another patient's");
        }

        return Specialties.Contains(specialty, StringComparer.Ordinal)
            ? null
            : new Refusal(RefusalCode.NotConsented, $"consent {Id} does not cover a tele-expertise in {specialty}");
    }

    /// <summary>Null when the signed report may be sent to the treating GP.</summary>
    public Refusal? CheckShareWithTreatingGp() =>
        Withdrawal is not null ? new Refusal(RefusalCode.ConsentWithdrawn, $"consent {Id} was withdrawn on {Withdrawal.At:O}")
        : !ShareReportWithTreatingGp ? new Refusal(RefusalCode.NotConsented, $"consent {Id} does not cover sharing the report with the treating GP")
        : null;
}
