namespace TeleSante.Gateway.Clinical;

/// <summary>POST /api/clinical/consents.</summary>
internal sealed record ConsentInput(string Id, string PatientId, string InformationGiven, IReadOnlyList<string> Specialties, bool ShareReportWithTreatingGp, string? TreatingGp);
