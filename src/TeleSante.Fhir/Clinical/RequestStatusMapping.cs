using Hl7.Fhir.Model;
using TeleSante.Clinical.Requests;
using FhirTask = Hl7.Fhir.Model.Task;

namespace TeleSante.Fhir.Clinical;

/// <summary>
/// How a request's state and priority read in FHIR R4. The Task carries the fulfilment (who took it, how it
/// ended), the ServiceRequest the order itself; Task.businessStatus keeps our state name, so nothing is lost
/// where two states share a FHIR code.
/// </summary>
public static class RequestStatusMapping
{
    /// <summary>
    /// R4 task-status. Accepted is "agreed to execute but not yet started" (a specialist took it to read);
    /// Answered and Amended are completed (the report exists; an amendment changes the report, not the task);
    /// Declined is rejected ("the performer decided not to execute it"), back to the requester who may submit
    /// again (then requested again). Expired is <c>failed</c>, not <c>cancelled</c>: nobody withdrew the need,
    /// the service did not answer in time, and a reader of the status alone must not take it for the
    /// requester's cancellation.
    /// </summary>
    public static FhirTask.TaskStatus TaskStatusOf(RequestState state) => state switch
    {
        RequestState.Draft => FhirTask.TaskStatus.Draft,
        RequestState.Submitted => FhirTask.TaskStatus.Requested,
        RequestState.Accepted => FhirTask.TaskStatus.Accepted,
        RequestState.Answered or RequestState.Amended => FhirTask.TaskStatus.Completed,
        RequestState.Declined => FhirTask.TaskStatus.Rejected,
        RequestState.Cancelled => FhirTask.TaskStatus.Cancelled,
        RequestState.Expired => FhirTask.TaskStatus.Failed,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown request state"),
    };

    /// <summary>
    /// R4 request-status. Declined is on-hold ("temporarily withdrawn but expected to resume": the requester may
    /// submit it again); Cancelled and Expired are revoked ("terminated prior to the full completion").
    /// </summary>
    public static RequestStatus ServiceRequestStatusOf(RequestState state) => state switch
    {
        RequestState.Draft => RequestStatus.Draft,
        RequestState.Submitted or RequestState.Accepted => RequestStatus.Active,
        RequestState.Answered or RequestState.Amended => RequestStatus.Completed,
        RequestState.Declined => RequestStatus.OnHold,
        RequestState.Cancelled or RequestState.Expired => RequestStatus.Revoked,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "unknown request state"),
    };

    /// <summary>
    /// R4 request-priority orders routine &lt; urgent ("promptly") &lt; asap ("as soon as possible, higher than
    /// urgent") &lt; stat ("immediately, e.g. an emergency"). Our three keep their order: Urgent (due in hours) is
    /// asap, SemiUrgent (within a day) is urgent, Routine is routine. Stat is never used: a tele-expertise is
    /// asynchronous, and a patient who needs action now goes to the emergency services, not to a worklist.
    /// </summary>
    public static RequestPriority PriorityOf(Priority priority) => priority switch
    {
        Priority.Urgent => RequestPriority.Asap,
        Priority.SemiUrgent => RequestPriority.Urgent,
        Priority.Routine => RequestPriority.Routine,
        _ => throw new ArgumentOutOfRangeException(nameof(priority), priority, "unknown priority"),
    };
}
