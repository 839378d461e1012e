namespace TeleSante.FirmwareSim.Clinical.Messages;

/// <summary>POST /api/admin/practitioners, and one entry of a practitioners file (telesante-sim setup). Roles are
/// token role names: site-operator, specialist, administrator, requester.</summary>
public sealed record PractitionerBody(string Id, string FamilyName, string GivenName, string Rpps, string Profession, string? Specialty,
    IReadOnlyList<string> Roles, IReadOnlyList<string>? SiteIds);
