namespace TeleSante.Gateway.Clinical;

/// <summary>The audiences of <see cref="ClinicalHub"/>'s notifications (kept by <see cref="ClinicalHubConnections"/>).</summary>
internal static class ClinicalGroups
{
    /// <summary>The specialists of a specialty who subscribed to their worklist.</summary>
    public static string Specialty(string specialty) => "specialty:" + specialty;

    /// <summary>One practitioner's connections.</summary>
    public static string Practitioner(string practitionerId) => "practitioner:" + practitionerId;

    /// <summary>The requesters of a site who subscribed to one of its requests.</summary>
    public static string Site(string siteId) => "site:" + siteId;
}
