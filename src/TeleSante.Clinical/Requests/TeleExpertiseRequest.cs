using TeleSante.Clinical.Proposals;

namespace TeleSante.Clinical.Requests;

/// <summary>
/// A request for a remote specialist's opinion, filed from a consultation. Immutable: each step of
/// <see cref="TeleExpertiseWorkflow"/> returns a new value with <see cref="Version"/> one higher, which the
/// store uses to let exactly one of two concurrent steps win.
/// </summary>
public sealed record TeleExpertiseRequest(
    string Id,
    string ConsultationId,
    string PatientId,
    string SiteId,
    RequestKind Kind,
    string Specialty,
    string Question,
    string ClinicalContext,
    AttachedData Attachments,
    Priority Priority,
    RequestState State,
    string RequestedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SubmittedAt,
    DateTimeOffset? DueAt,
    string? AcceptedBy,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? AnsweredAt,
    string? DeclineReason,
    int Version)
{
    /// <summary>The first suggested-urgent finding of the request's ECG (issue 12), stored with its proposals at submission;
    /// null when none (or none computed). Shown beside <see cref="Priority"/>, never in its place.</summary>
    public TriageFinding? Triage { get; init; }

    /// <summary>Waiting for a specialist or being read: counts against the due time.</summary>
    public bool IsOpen => State is RequestState.Submitted or RequestState.Accepted;

    public bool IsOverdue(DateTimeOffset now) => IsOpen && DueAt is { } due && now > due;
}
