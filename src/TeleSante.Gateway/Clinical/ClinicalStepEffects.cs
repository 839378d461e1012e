using TeleSante.Access.Assignments;
using TeleSante.Access.Audit;
using TeleSante.Clinical.Requests;
using TeleSante.Clinical.Store;
using TeleSante.LiveView.Internal;

namespace TeleSante.Gateway.Clinical;

/// <summary>
/// What follows a stored request step. The accepting specialist must read the consultation's recording, which the session
/// access policy grants by assignment (session id = consultation id): accepting assigns the session to them, and a decline by
/// them or a cancellation takes it back, unless they still hold another accepted or answered request of the same consultation;
/// taking it back rechecks their open live view, which the live-view machinery then cuts. Each change is audited
/// (<c>assignment.grant</c>/<c>assignment.revoke</c>, who, when, from where). Then the live subscribers are told.
/// </summary>
internal sealed class ClinicalStepEffects(ClinicalStore store, IAssignmentStore assignments, LiveSubscriptions live, IAuditTrail audit, ClinicalNotifier notifier)
{
    /// <param name="released">The specialist the step took the request from (decline after accept, cancel after accept), if any.</param>
    /// <param name="actorId">Who took the step, for the audit of the access change.</param>
    /// <param name="remote">From where.</param>
    public async Task AfterAsync(RequestAction action, TeleExpertiseRequest request, string? released, string actorId, string? remote)
    {
        if (action == RequestAction.Accept && request.AcceptedBy is { } specialist)
        {
            await GrantAsync(request, specialist, actorId, remote).ConfigureAwait(false);
        }
        else if (released is not null && action is RequestAction.Decline or RequestAction.Cancel)
        {
            await ReleaseAsync(request, released, actorId, remote).ConfigureAwait(false);
        }

        await notifier.RequestStepAsync(action, request).ConfigureAwait(false);
    }

    /// <summary>Assigns the consultation's session to the specialist who accepted <paramref name="request"/> (idempotent).</summary>
    public async Task GrantAsync(TeleExpertiseRequest request, string specialist, string actorId, string? remote)
    {
        await assignments.GrantAsync(request.ConsultationId, specialist, actorId, CancellationToken.None).ConfigureAwait(false);
        await audit.RecordAsync(new AuditEntry(actorId, "assignment.grant", "session/" + request.ConsultationId, AuditEntry.Allowed, remote,
            $"to {specialist}: accepted request {request.Id}"), CancellationToken.None).ConfigureAwait(false);
    }

    private async Task ReleaseAsync(TeleExpertiseRequest request, string specialist, string actorId, string? remote)
    {
        var stillReading = (await store.ListRequestsOfConsultationAsync(request.ConsultationId).ConfigureAwait(false))
            .Any(r => r.AcceptedBy == specialist && r.State is RequestState.Accepted or RequestState.Answered or RequestState.Amended);
        if (stillReading)
        {
            return;
        }

        var removed = await assignments.RevokeAsync(request.ConsultationId, specialist, CancellationToken.None).ConfigureAwait(false);
        await audit.RecordAsync(new AuditEntry(actorId, "assignment.revoke", "session/" + request.ConsultationId, removed ? AuditEntry.Allowed : "failed", remote,
            $"from {specialist}: request {request.Id} {request.State.ToString().ToLowerInvariant()}"), CancellationToken.None).ConfigureAwait(false);
        // A live view opened while the request was accepted was authorized at its join: ask again now.
        await live.RecheckAsync(specialist, request.ConsultationId, CancellationToken.None).ConfigureAwait(false);
    }
}
