namespace TeleSante.FirmwareSim.Clinical.Messages;

/// <summary>POST /api/clinical/consents: what the patient was told and agreed to.</summary>
public sealed record ConsentBody(string Id, string PatientId, string InformationGiven, IReadOnlyList<string> Specialties, bool ShareReportWithTreatingGp,
    string? TreatingGp);
