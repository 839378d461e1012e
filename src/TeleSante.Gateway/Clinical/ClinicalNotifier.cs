using Microsoft.AspNetCore.SignalR;
using TeleSante.Clinical.Requests;
using TeleSante.Clinical.Store;

namespace TeleSante.Gateway.Clinical;

/// <summary>
/// Tells <see cref="ClinicalHub"/>'s subscribers about a request step, after it is stored: <c>WorklistChanged</c> to the
/// specialty's worklists on the steps that add or remove an item, <c>RequestChanged</c> to the request's parties (requester,
/// accepting specialist) and its site's requesters. A failed notification is logged, never fails the step: the pages read the
/// state back on (re)subscription.
/// </summary>
internal sealed class ClinicalNotifier(IHubContext<ClinicalHub, IClinicalClient> hub, ClinicalHubConnections connections, ClinicalStore store, TimeProvider time,
    ILogger<ClinicalNotifier> logger)
{
    public async Task RequestStepAsync(RequestAction action, TeleExpertiseRequest request)
    {
        try
        {
            var now = time.GetUtcNow();
            if (action is RequestAction.Submit or RequestAction.Resubmit or RequestAction.Accept or RequestAction.Decline or RequestAction.Cancel
                or RequestAction.Expire or RequestAction.Answer
                && connections.ConnectionsIn([ClinicalGroups.Specialty(request.Specialty)]) is { Count: > 0 } specialists)
            {
                await hub.Clients.Clients(specialists).WorklistChanged(ClinicalViews.Request(request, now)).ConfigureAwait(false);
            }

            List<string> parties = [ClinicalGroups.Practitioner(request.RequestedBy), ClinicalGroups.Site(request.SiteId)];
            if (request.AcceptedBy is { } specialist)
            {
                parties.Add(ClinicalGroups.Practitioner(specialist));
            }

            if (action != RequestAction.Create && connections.ConnectionsIn(parties) is { Count: > 0 } targets)
            {
                var reports = await store.GetReportsAsync(request.Id).ConfigureAwait(false);
                await hub.Clients.Clients(targets).RequestChanged(ClinicalViews.RequestWithReports(request, reports, now)).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ClinicalLog.NotificationFailed(logger, ex, request.Id, action.ToString());
        }
    }
}
