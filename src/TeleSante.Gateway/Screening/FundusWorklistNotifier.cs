using Microsoft.AspNetCore.SignalR;
using TeleSante.Clinical.Screening;
using TeleSante.Clinical.Store;
using TeleSante.Clinical.Store.Screening;
using TeleSante.Gateway.Clinical;

namespace TeleSante.Gateway.Screening;

/// <summary>
/// Tells the graders' live worklists (<see cref="ClinicalHub"/>, <c>WorklistChanged</c>) that a visit was sent to grading or
/// graded, after the step is stored. Each connected grader gets the item with <c>yourStep</c> decided for them by
/// <see cref="GradingWorkflow.MayGradeNow"/> (a visit they just first-graded leaves their list and appears in the other
/// graders'; a disagreement appears only to arbitration graders who graded neither). A failed notification is logged, never
/// fails the step: the pages read the list back on (re)subscription.
/// </summary>
internal sealed class FundusWorklistNotifier(IHubContext<ClinicalHub, IClinicalClient> hub, ClinicalHubConnections connections, ClinicalStore directory,
    ILogger<FundusWorklistNotifier> logger)
{
    /// <summary>The hub group of every grader and arbitration grader who subscribed to their worklist.</summary>
    public const string Group = "graders";

    public async Task VisitChangedAsync(ScreeningVisit visit)
    {
        ArgumentNullException.ThrowIfNull(visit);
        if (visit.Sent is null)
        {
            return;
        }

        try
        {
            foreach (var (practitionerId, connectionIds) in connections.PractitionersIn(Group))
            {
                var practitioner = await directory.GetPractitionerAsync(practitionerId).ConfigureAwait(false);
                var yourStep = practitioner is not null && GradingWorkflow.MayGradeNow(visit.Grading, practitioner) is null;
                await hub.Clients.Clients(connectionIds).WorklistChanged(FundusWorklist.Item(visit, yourStep)!).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            ScreeningLog.NotificationFailed(logger, ex, visit.Grading.VisitId);
        }
    }
}
