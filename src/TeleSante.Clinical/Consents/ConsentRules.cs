using TeleSante.Clinical.Practitioners;
using TeleSante.Domain.Validation;

namespace TeleSante.Clinical.Consents;

/// <summary>Collecting and withdrawing consent: who may, and what a consent must say.</summary>
public static class ConsentRules
{
    public static Outcome<Consent> Collect(string id, string patientId, string informationGiven, IReadOnlyList<string> specialties,
        bool shareReportWithTreatingGp, string? treatingGp, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(specialties);
        if (!actor.Practitioner.Has(ClinicalRoles.SiteOperator))
        {
            return new Refusal(RefusalCode.WrongRole, "consent is collected by a site operator");
        }

        if ((Identifiers.Check("consent id", id) ?? Identifiers.Check("patient id", patientId)) is { } bad)
        {
            return new Refusal(RefusalCode.InvalidInput, bad);
        }

        if (string.IsNullOrWhiteSpace(informationGiven))
        {
            return new Refusal(RefusalCode.InvalidInput, "say what the patient was told");
        }

        if (specialties.Count == 0 || specialties.Any(string.IsNullOrWhiteSpace))
        {
            return new Refusal(RefusalCode.InvalidInput, "name the specialties the patient agreed a tele-expertise with");
        }

        if (shareReportWithTreatingGp && string.IsNullOrWhiteSpace(treatingGp))
        {
            return new Refusal(RefusalCode.InvalidInput, "sharing with the treating GP needs the GP's name");
        }

        return new Consent(id, patientId, informationGiven, [.. specialties], shareReportWithTreatingGp, treatingGp, actor.Id, now, null);
    }

    public static Outcome<Consent> Withdraw(Consent consent, string reason, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(consent);
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.Practitioner.Has(ClinicalRoles.SiteOperator) && !actor.Practitioner.Has(ClinicalRoles.Requester))
        {
            return new Refusal(RefusalCode.WrongRole, "a withdrawal is recorded by a site operator or requester");
        }

        if (consent.Withdrawal is not null)
        {
            return new Refusal(RefusalCode.ConsentWithdrawn, $"consent {consent.Id} is already withdrawn");
        }

        return string.IsNullOrWhiteSpace(reason)
            ? new Refusal(RefusalCode.InvalidInput, "record why (the patient's words)")
            : consent with { Withdrawal = new ConsentWithdrawal(actor.Id, now, reason) };
    }
}
