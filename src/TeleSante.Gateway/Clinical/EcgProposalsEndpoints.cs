using TeleSante.Access.Audit;
using TeleSante.Clinical;
using TeleSante.Clinical.Practitioners;
using TeleSante.Clinical.Store;

namespace TeleSante.Gateway.Clinical;

internal static class EcgProposalsEndpoints
{
    /// <summary>
    /// GET /api/clinical/requests/{id}/ecg-proposals (issue 12): the machine proposals computed at submission, for the two
    /// parties of the request (the specialist who accepted it, the requester). Audited as <c>clinical.ecg-proposals.read</c>;
    /// refusals typed like every clinical read (a specialist who does not hold it: NotTheAcceptingSpecialist).
    /// </summary>
    public static RouteGroupBuilder MapEcgProposals(this RouteGroupBuilder clinical)
    {
        clinical.MapGet("/requests/{id}/ecg-proposals", async (string id, ClinicalActors actors, ClinicalStore store, IAuditTrail audit, HttpContext http,
            CancellationToken ct) =>
        {
            var actor = await actors.ResolveAsync(http, ct);
            var outcome = actor.Succeeded ? await ReadAsync(id, actor.Value, store, ct) : Outcome<object>.Refused(actor.Refusal);
            return await ClinicalProblems.AnswerAsync(audit, http, "clinical.ecg-proposals.read", "request/" + id, outcome, v => Results.Ok(v));
        });
        return clinical;
    }

    private static async Task<Outcome<object>> ReadAsync(string id, Actor actor, ClinicalStore store, CancellationToken ct)
    {
        if (await store.GetRequestAsync(id, ct) is not { } request)
        {
            return new Refusal(RefusalCode.NotFound, $"request {id} does not exist");
        }

        if (!ClinicalAccess.IsParty(actor, request))
        {
            return actor.Practitioner.Has(ClinicalRoles.Specialist)
                ? new Refusal(RefusalCode.NotTheAcceptingSpecialist, $"the ECG proposals of request {id} are read by the specialist who accepted it")
                : new Refusal(RefusalCode.NotTheRequester, $"the ECG proposals of request {id} are read by its requester or the specialist who accepted it");
        }

        return await store.GetEcgProposalsAsync(id, ct) is { } proposals
            ? Outcome<object>.Success(EcgProposalsViews.Proposals(proposals))
            : new Refusal(RefusalCode.NotFound, $"request {id} has no ECG proposals (not an ECG request, or filed before they existed)");
    }
}
