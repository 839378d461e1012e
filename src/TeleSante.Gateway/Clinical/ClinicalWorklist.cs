using TeleSante.Clinical;
using TeleSante.Clinical.Practitioners;
using TeleSante.Clinical.Requests;
using TeleSante.Clinical.Store;
using TeleSante.Clinical.Store.Screening;
using TeleSante.Gateway.Screening;

namespace TeleSante.Gateway.Clinical;

/// <summary>A specialist's worklist (GET /api/clinical/worklist and <c>SubscribeWorklist</c>): their specialty's submitted requests and
/// those they accepted, by priority then due time, overdue flagged. Issue 12: the requester's priority is never overridden;
/// within one priority a request whose ECG shows a suggested-urgent finding comes first, and the item carries both its priority
/// and its <c>triage</c> (finding and time) for the page to show side by side. Issue 13: a grader's worklist holds the screening
/// visits' grading requests, kind <c>FundusGrading</c>, read from the screening store (<see cref="FundusWorklist"/>), after the
/// requests of their specialty when they are also a specialist.</summary>
internal static class ClinicalWorklist
{
    public static bool IsSpecialist(Actor actor) => actor.Practitioner.Has(ClinicalRoles.Specialist) && actor.Practitioner.Specialty is not null;

    public static Refusal? Check(Actor actor) =>
        IsSpecialist(actor) || FundusWorklist.IsGrader(actor.Practitioner)
            ? null
            : new Refusal(RefusalCode.WrongRole, "the worklist is a specialist's, of their specialty, or a grader's");

    public static async Task<Outcome<IReadOnlyList<object>>> ReadAsync(ClinicalStore store, ScreeningStore screening, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        if (Check(actor) is { } refused)
        {
            return refused;
        }

        var items = IsSpecialist(actor)
            ? (await store.ListRequestsAsync(actor.Practitioner.Specialty, ct))
                .Where(r => r.State == RequestState.Submitted || (r.State == RequestState.Accepted && r.AcceptedBy == actor.Id))
                .OrderBy(r => r.Priority).ThenBy(r => r.Triage is null).ThenBy(r => r.DueAt).ThenBy(r => r.Id, StringComparer.Ordinal)
                .Select(r => ClinicalViews.Request(r, now))
                .ToList()
            : [];
        items.AddRange(await FundusWorklist.ReadAsync(screening, actor.Practitioner, ct));
        return Outcome<IReadOnlyList<object>>.Success(items);
    }
}
