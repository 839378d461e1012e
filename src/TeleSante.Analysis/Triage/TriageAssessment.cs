namespace TeleSante.Analysis.Triage;

/// <summary>The triage of one ECG: suggested urgent when any finding fired. A suggestion for the worklist's order,
/// never a diagnosis: the cardiologist sees each finding with its time and evidence.</summary>
/// <param name="SuggestedUrgent">True when <paramref name="Findings"/> is not empty.</param>
/// <param name="Findings">The findings in time order.</param>
public sealed record TriageAssessment(bool SuggestedUrgent, IReadOnlyList<TriageFinding> Findings);
