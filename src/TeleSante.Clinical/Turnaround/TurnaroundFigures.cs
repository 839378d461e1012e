using TeleSante.Clinical.Requests;

namespace TeleSante.Clinical.Turnaround;

/// <summary>
/// Turnaround of one specialty and priority: how many requests were submitted and answered, the median and
/// 90th percentile of submission-to-answer time over the answered ones (null when none), how many open
/// requests are past due now (<see cref="Overdue"/>) and how many were answered after their due time.
/// </summary>
public sealed record TurnaroundFigures(
    string Specialty,
    Priority Priority,
    int Submitted,
    int Answered,
    TimeSpan? MedianToAnswer,
    TimeSpan? P90ToAnswer,
    int Overdue,
    int AnsweredLate);
