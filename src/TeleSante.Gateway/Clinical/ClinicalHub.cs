using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using Microsoft.AspNetCore.SignalR;
using TeleSante.Access.Audit;
using TeleSante.Clinical;
using TeleSante.Clinical.Store;
using TeleSante.Clinical.Store.Screening;
using TeleSante.Domain.Validation;
using TeleSante.Gateway.Screening;
using TeleSante.Gateway.Security;

namespace TeleSante.Gateway.Clinical;

/// <summary>
/// The live worklist and request notifications at <see cref="ClinicalRegistration.HubPath"/> (README, "Live worklist"): the same
/// caller resolution and rules as the HTTP API (<see cref="ClinicalActors"/>), every subscription audited, a refusal a
/// <see cref="HubException"/> whose message starts with the <see cref="RefusalCode"/> name. Notifications are sent by
/// <see cref="ClinicalNotifier"/>; a practitioner an administrator disables has every connection closed.
/// </summary>
internal sealed class ClinicalHub(ClinicalActors actors, ClinicalStore store, ScreeningStore screening, ClinicalHubConnections connections, IAuditTrail audit,
    TimeProvider time)
    : Hub<IClinicalClient>
{
    public override Task OnConnectedAsync()
    {
        connections.Add(Context, Context.User?.FindFirstValue("sub") ?? "anonymous");
        return base.OnConnectedAsync();
    }

    public override Task OnDisconnectedAsync(Exception? exception)
    {
        connections.Remove(Context.ConnectionId);
        return base.OnDisconnectedAsync(exception);
    }

    /// <summary>A specialist follows their worklist: joins their specialty's group and their own (a grader: the graders' group,
    /// issue 13), and gets the current items
    /// (GET /api/clinical/worklist's shape); <c>WorklistChanged</c> follows.</summary>
    [SuppressMessage("Style", "IDE1006", Justification = "Hub method names are the protocol the pages invoke.")]
    public async Task<IReadOnlyList<object>> SubscribeWorklist()
    {
        var http = HttpContext;
        var resource = "worklist/" + http.User.ActorId();
        var actor = await actors.ResolveAsync(http, Context.ConnectionAborted);
        var refusal = actor.Succeeded ? ClinicalWorklist.Check(actor.Value) : actor.Refusal;
        if (refusal is not null)
        {
            throw await RefuseAsync(http, "clinical.worklist.subscribe", resource, refusal);
        }

        // Joined before reading, so a change between the read and the join is not missed (at worst it arrives twice).
        if (ClinicalWorklist.IsSpecialist(actor.Value))
        {
            connections.Join(Context.ConnectionId, ClinicalGroups.Specialty(actor.Value.Practitioner.Specialty!));
        }

        if (FundusWorklist.IsGrader(actor.Value.Practitioner))
        {
            connections.Join(Context.ConnectionId, FundusWorklistNotifier.Group);
        }

        connections.Join(Context.ConnectionId, ClinicalGroups.Practitioner(actor.Value.Id));
        var items = await ClinicalWorklist.ReadAsync(store, screening, actor.Value, time.GetUtcNow(), Context.ConnectionAborted);
        await AuditAsync(http, "clinical.worklist.subscribe", resource, null);
        return items.Value;
    }

    /// <summary>The requester or the accepting specialist follows one request: gets its view (GET /api/clinical/requests/{id}'s
    /// shape); <c>RequestChanged</c> follows. A requester also joins their site's group (its other requests' changes).</summary>
    [SuppressMessage("Style", "IDE1006", Justification = "Hub method names are the protocol the pages invoke.")]
    public async Task<object> SubscribeRequest(string requestId)
    {
        var http = HttpContext;
        var resource = "request/" + requestId;
        if (Identifiers.Check("request id", requestId) is { } bad)
        {
            throw await RefuseAsync(http, "clinical.request.subscribe", "request/?", new Refusal(RefusalCode.InvalidInput, bad));
        }

        var actor = await actors.ResolveAsync(http, Context.ConnectionAborted);
        if (!actor.Succeeded)
        {
            throw await RefuseAsync(http, "clinical.request.subscribe", resource, actor.Refusal);
        }

        var id = actor.Value.Id;
        if (await store.GetRequestAsync(requestId, Context.ConnectionAborted) is not { } request)
        {
            throw await RefuseAsync(http, "clinical.request.subscribe", resource, new Refusal(RefusalCode.NotFound, $"request {requestId} does not exist"));
        }

        if (!ClinicalAccess.IsParty(actor.Value, request))
        {
            throw await RefuseAsync(http, "clinical.request.subscribe", resource,
                new Refusal(RefusalCode.NotTheRequester, $"request {requestId} is followed by its requester or the specialist who accepted it"));
        }

        connections.Join(Context.ConnectionId, ClinicalGroups.Practitioner(id));
        if (id == request.RequestedBy && actor.Value.Practitioner.WorksAt(request.SiteId))
        {
            connections.Join(Context.ConnectionId, ClinicalGroups.Site(request.SiteId));
        }

        // Read again once joined, so a step taken in between is in the answer or in a notification.
        request = await store.GetRequestAsync(requestId, Context.ConnectionAborted) ?? request;
        var reports = await store.GetReportsAsync(requestId, Context.ConnectionAborted);
        await AuditAsync(http, "clinical.request.subscribe", resource, null);
        return ClinicalViews.RequestWithReports(request, reports, time.GetUtcNow());
    }

    private HttpContext HttpContext => Context.GetHttpContext() ?? throw new HubException("the clinical hub needs an HTTP connection");

    private async Task<HubException> RefuseAsync(HttpContext http, string action, string resource, Refusal refusal)
    {
        await AuditAsync(http, action, resource, refusal);
        return new HubException(refusal.ToString());
    }

    private Task AuditAsync(HttpContext http, string action, string resource, Refusal? refusal) =>
        AdminEndpoints.Audit(audit, http, action, resource, refusal is null ? AuditEntry.Allowed : AuditEntry.Denied, refusal?.ToString());
}
