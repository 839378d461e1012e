namespace TeleSante.Clinical.Screening;

/// <summary>The visit as sent to the graders: when, by whom, and, when a field was missing or ungradable, the fields
/// and the operator's reason (e.g. the patient could not continue). Graders see it beside the photographs.</summary>
public sealed record GradingRequest(DateTimeOffset SentAt, string SentBy, IReadOnlyList<string> IncompleteFields, string? IncompleteReason)
{
    public bool Complete => IncompleteFields.Count == 0;
}
