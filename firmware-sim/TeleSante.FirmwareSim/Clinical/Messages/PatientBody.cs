namespace TeleSante.FirmwareSim.Clinical.Messages;

/// <summary>POST /api/clinical/patients. Carries the INS: never logged nor printed.</summary>
public sealed record PatientBody(string Id, string? Ins, string? InsOid, string BirthFamilyName, string BirthGivenNames, string FirstGivenName,
    DateOnly BirthDate, string Sex, string BirthPlaceCode, bool IdentityDocumentChecked)
{
    /// <summary>Without the INS.</summary>
    public override string ToString() => $"PatientBody {Id}";
}
