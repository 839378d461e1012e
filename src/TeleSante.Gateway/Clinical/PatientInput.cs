namespace TeleSante.Gateway.Clinical;

/// <summary>POST /api/clinical/patients. <see cref="Ins"/> (15 characters) and <see cref="InsOid"/> are optional;
/// the INS is never logged nor echoed back.</summary>
internal sealed record PatientInput(string Id, string? Ins, string? InsOid, string BirthFamilyName, string BirthGivenNames, string FirstGivenName,
    DateOnly BirthDate, string Sex, string BirthPlaceCode, bool IdentityDocumentChecked);
