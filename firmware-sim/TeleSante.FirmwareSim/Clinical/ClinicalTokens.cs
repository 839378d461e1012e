namespace TeleSante.FirmwareSim.Clinical;

/// <summary>
/// The practitioners' tokens the simulated cabin software uses: an administrator's to set up the site, the station
/// and the directory (optional), the site operator's to record the patient, the consent and open and close the
/// consultation, the requester's to file requests. No operator token: the simulator streams as before, with no
/// consultation.
/// </summary>
public sealed record ClinicalTokens(string Admin, string Operator, string Requester)
{
    public static ClinicalTokens None { get; } = new(string.Empty, string.Empty, string.Empty);

    /// <summary>Consultations are opened through the API.</summary>
    public bool OpensConsultations => Operator.Length > 0;

    /// <summary>Tokens are secrets: never printed.</summary>
    public override string ToString() =>
        $"ClinicalTokens(admin: {(Admin.Length > 0 ? "***" : "none")}, operator: {(Operator.Length > 0 ? "***" : "none")}, requester: {(Requester.Length > 0 ? "***" : "none")})";
}
