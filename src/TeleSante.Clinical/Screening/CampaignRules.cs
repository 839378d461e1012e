using TeleSante.Clinical.Practitioners;
using TeleSante.Domain.Validation;

namespace TeleSante.Clinical.Screening;

/// <summary>Creating a campaign and enrolling patients, and when an enrolled patient is due.</summary>
public static class CampaignRules
{
    public static Outcome<Campaign> Create(string id, string name, IReadOnlyList<string> siteIds, DateOnly startsOn, DateOnly endsOn, Actor actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.Practitioner.Has(ClinicalRoles.Administrator))
        {
            return new Refusal(RefusalCode.WrongRole, "Only an administrator creates a screening campaign.");
        }

        if (!Identifiers.IsValid(id))
        {
            return new Refusal(RefusalCode.InvalidInput, $"A campaign id is {Identifiers.Rule}.");
        }

        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            return new Refusal(RefusalCode.InvalidInput, "A campaign needs a name of at most 200 characters.");
        }

        if (siteIds is null || siteIds.Count == 0 || siteIds.Any(s => !Identifiers.IsValid(s)))
        {
            return new Refusal(RefusalCode.InvalidInput, "A campaign needs at least one site, each a valid site id.");
        }

        if (endsOn < startsOn || endsOn > startsOn.AddYears(2))
        {
            return new Refusal(RefusalCode.InvalidInput, $"A campaign ends on or after its start and within two years (was {startsOn:yyyy-MM-dd} to {endsOn:yyyy-MM-dd}).");
        }

        return new Campaign(id, name.Trim(), [.. siteIds.Distinct(StringComparer.Ordinal)], startsOn, endsOn, actor.Id, now);
    }

    /// <summary>Enrols a patient with their history. A patient never screened is due when the campaign starts;
    /// one followed by an eye clinic is not due (the clinic discharges them back to screening).</summary>
    public static Outcome<Enrolment> Enrol(Campaign campaign, string patientId, string siteId, DateOnly? lastScreenedOn, int consecutiveNoRetinopathy, bool underEyeClinic,
        ScreeningOptions options)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(options);
        if (!campaign.SiteIds.Contains(siteId, StringComparer.Ordinal))
        {
            return new Refusal(RefusalCode.OtherSite, $"Site {siteId} does not take part in campaign {campaign.Id}.");
        }

        if (consecutiveNoRetinopathy < 0 || (lastScreenedOn is null && consecutiveNoRetinopathy > 0))
        {
            return new Refusal(RefusalCode.InvalidInput, "Consecutive results with no retinopathy must be 0 or more, and 0 for a patient never screened.");
        }

        return new Enrolment(campaign.Id, patientId, siteId, lastScreenedOn, consecutiveNoRetinopathy, underEyeClinic,
            NextDue(campaign, lastScreenedOn, consecutiveNoRetinopathy, underEyeClinic, options));
    }

    public static DateOnly? NextDue(Campaign campaign, DateOnly? lastScreenedOn, int consecutiveNoRetinopathy, bool underEyeClinic, ScreeningOptions options)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        ArgumentNullException.ThrowIfNull(options);
        if (underEyeClinic)
        {
            return null;
        }

        if (lastScreenedOn is not { } last)
        {
            return campaign.StartsOn;
        }

        return last.AddMonths(consecutiveNoRetinopathy >= options.NoRetinopathyResultsForExtendedInterval
            ? options.ExtendedRescreenIntervalMonths
            : options.RescreenIntervalMonths);
    }
}
