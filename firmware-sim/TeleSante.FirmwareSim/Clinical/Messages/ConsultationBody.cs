namespace TeleSante.FirmwareSim.Clinical.Messages;

/// <summary>POST /api/clinical/consultations: open one at a station.</summary>
public sealed record ConsultationBody(string Id, string StationId, string PatientId, string ConsentId);
