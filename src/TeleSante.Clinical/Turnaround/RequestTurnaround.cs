using TeleSante.Clinical.Requests;

namespace TeleSante.Clinical.Turnaround;

/// <summary>One request's timeline: when it was submitted, accepted and answered, and whether it is overdue.</summary>
public sealed record RequestTurnaround(
    string RequestId,
    string Specialty,
    Priority Priority,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? AnsweredAt,
    DateTimeOffset DueAt,
    bool Overdue)
{
    public TimeSpan? ToAccept => AcceptedAt - SubmittedAt;

    public TimeSpan? ToAnswer => AnsweredAt - SubmittedAt;

    /// <summary>Null for a request never submitted.</summary>
    public static RequestTurnaround? Of(TeleExpertiseRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request is { SubmittedAt: { } submitted, DueAt: { } due }
            ? new RequestTurnaround(request.Id, request.Specialty, request.Priority, submitted, request.AcceptedAt, request.AnsweredAt, due, request.IsOverdue(now))
            : null;
    }
}
