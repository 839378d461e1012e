namespace TeleSante.Gateway.Clinical;

/// <summary>POST /api/clinical/consultations: open one at a station.</summary>
internal sealed record ConsultationInput(string Id, string StationId, string PatientId, string ConsentId);
