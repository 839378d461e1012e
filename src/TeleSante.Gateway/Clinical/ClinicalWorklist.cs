using TeleSante.Clinical;
using TeleSante.Clinical.Practitioners;
using TeleSante.Clinical.Requests;
using TeleSante.Clinical.Store;

namespace TeleSante.Gateway.Clinical;

/// <summary>A specialist's worklist (GET /api/clinical/worklist and <c>SubscribeWorklist</c>): their specialty's submitted requests and
/// those they accepted, by priority then due time, overdue flagged. Issue 12: the requester's priority is never overridden;
/// within one priority a request whose ECG shows a suggested-urgent finding comes first, and the item carries both its priority
/// and its <c>triage</c> (finding and time) for the page to show side by side.</summary>
internal static class ClinicalWorklist
{
    public static Refusal? Check(Actor actor) =>
        actor.Practitioner.Has(ClinicalRoles.Specialist) && actor.Practitioner.Specialty is not null
            ? null
            : new Refusal(RefusalCode.WrongRole, "the worklist is a specialist's, of their specialty");

    public static async Task<Outcome<IReadOnlyList<object>>> ReadAsync(ClinicalStore store, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        if (Check(actor) is { } refused)
        {
            return refused;
        }

        var items = (await store.ListRequestsAsync(actor.Practitioner.Specialty, ct))
            .Where(r => r.State == RequestState.Submitted || (r.State == RequestState.Accepted && r.AcceptedBy == actor.Id))
            .OrderBy(r => r.Priority).ThenBy(r => r.Triage is null).ThenBy(r => r.DueAt).ThenBy(r => r.Id, StringComparer.Ordinal)
            .Select(r => ClinicalViews.Request(r, now))
            .ToList();
        return Outcome<IReadOnlyList<object>>.Success(items);
    }
}
