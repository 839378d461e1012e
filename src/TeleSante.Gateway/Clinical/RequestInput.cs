using TeleSante.Clinical.Requests;

namespace TeleSante.Gateway.Clinical;

/// <summary>POST /api/clinical/requests: drafted and submitted in one call. <see cref="Kind"/> and
/// <see cref="Priority"/> are the enum names (EcgInterpretation; Urgent, SemiUrgent, Routine).</summary>
internal sealed record RequestInput(string Id, string ConsultationId, string Kind, string Specialty, string Question, string? ClinicalContext,
    IReadOnlyList<RecordingRange>? Recordings, IReadOnlyList<RecordingRange>? Vitals, IReadOnlyList<string>? ImageIds, string Priority);
