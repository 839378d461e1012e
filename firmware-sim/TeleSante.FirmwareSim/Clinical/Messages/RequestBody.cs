namespace TeleSante.FirmwareSim.Clinical.Messages;

/// <summary>POST /api/clinical/requests: drafted and submitted in one call. Kind EcgInterpretation; priority Urgent,
/// SemiUrgent or Routine.</summary>
public sealed record RequestBody(string Id, string ConsultationId, string Kind, string Specialty, string Question, string? ClinicalContext,
    IReadOnlyList<RecordingRangeBody> Recordings, IReadOnlyList<RecordingRangeBody> Vitals, IReadOnlyList<string> ImageIds, string Priority);
