using TeleSante.Clinical;
using TeleSante.Clinical.Practitioners;
using TeleSante.Clinical.Requests;

namespace TeleSante.Gateway.Clinical;

/// <summary>Who may read what, beyond the workflow's own step rules (which stay in TeleSante.Clinical).</summary>
internal static class ClinicalAccess
{
    /// <summary>The two parties of a request: its requester and the specialist who accepted it. They alone read its patient data.</summary>
    public static bool IsParty(Actor actor, TeleExpertiseRequest request) => actor.Id == request.RequestedBy || actor.Id == request.AcceptedBy;

    /// <summary>A specialist who accepted the request and still holds it (accepted, answered or amended).</summary>
    public static bool IsReading(Actor actor, TeleExpertiseRequest request) =>
        actor.Id == request.AcceptedBy && request.State is RequestState.Accepted or RequestState.Answered or RequestState.Amended;

    /// <summary>A site operator or requester who works at <paramref name="siteId"/>.</summary>
    public static bool IsSiteStaff(Actor actor, string siteId) =>
        (actor.Practitioner.Has(ClinicalRoles.SiteOperator) || actor.Practitioner.Has(ClinicalRoles.Requester)) && actor.Practitioner.WorksAt(siteId);

    /// <summary>The sites whose requests the caller may list (and see the turnaround of): <paramref name="site"/> if given and theirs,
    /// otherwise every site they work at as a site operator or requester.</summary>
    public static Outcome<IReadOnlyList<string>> StaffSites(Actor actor, string? site)
    {
        if (!actor.Practitioner.Has(ClinicalRoles.SiteOperator) && !actor.Practitioner.Has(ClinicalRoles.Requester))
        {
            return new Refusal(RefusalCode.WrongRole, "a site's requests are listed by its site operators and requesters");
        }

        if (site is null)
        {
            return Outcome<IReadOnlyList<string>>.Success(actor.Practitioner.SiteIds);
        }

        return actor.Practitioner.WorksAt(site)
            ? Outcome<IReadOnlyList<string>>.Success([site])
            : new Refusal(RefusalCode.OtherSite, $"{actor.Id} does not work at site {site}");
    }
}
