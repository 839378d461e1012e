namespace TeleSante.Clinical.Practitioners;

/// <summary>A health professional known to the system. <see cref="Id"/> is the practitioner id of the
/// tokens (TeleSante.Access); <see cref="Specialty"/> is a free code such as "cardiology", matched exactly
/// against a request's specialty; <see cref="SiteIds"/> are the sites a site operator or requester works at.</summary>
public sealed record Practitioner(
    string Id,
    string FamilyName,
    string GivenName,
    Rpps Rpps,
    string Profession,
    string? Specialty,
    ClinicalRoles Roles,
    IReadOnlyList<string> SiteIds)
{
    public bool Has(ClinicalRoles role) => (Roles & role) == role;

    public bool WorksAt(string siteId) => SiteIds.Contains(siteId, StringComparer.Ordinal);

    public string DisplayName => $"{GivenName} {FamilyName}";
}
