namespace TeleSante.Gateway.Clinical;

/// <summary>POST /api/admin/practitioners: a directory entry. <see cref="Roles"/> are token role names
/// (site-operator, specialist, administrator, requester); <see cref="Id"/> is the token subject.</summary>
internal sealed record PractitionerInput(string Id, string FamilyName, string GivenName, string Rpps, string Profession, string? Specialty,
    IReadOnlyList<string> Roles, IReadOnlyList<string>? SiteIds);
