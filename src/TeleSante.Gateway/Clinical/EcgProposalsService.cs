using TeleSante.Clinical;
using TeleSante.Clinical.Proposals;
using TeleSante.Clinical.Requests;
using TeleSante.Clinical.Store;

namespace TeleSante.Gateway.Clinical;

/// <summary>Computes and stores the proposals when an ECG request is submitted, before the submission is answered and the
/// worklists are told, so the first worklist item a specialist sees already carries its triage flag. Synchronous on purpose:
/// the work is bounded (<see cref="EcgProposalsOptions.MaxAnalysedSeconds"/>) and a worker queue would show the request
/// without its flag for a while. A failure leaves the request submitted and its proposals "not computed".</summary>
internal sealed class EcgProposalsService(EcgProposalsComputer computer, ClinicalStore store, TimeProvider time, ILogger<EcgProposalsService> logger)
{
    public async Task<Outcome<TeleExpertiseRequest>> OnSubmittedAsync(Outcome<TeleExpertiseRequest> submitted, CancellationToken cancellationToken)
    {
        if (!submitted.Succeeded || submitted.Value.Kind != RequestKind.EcgInterpretation)
        {
            return submitted;
        }

        var request = submitted.Value;
        EcgProposals proposals;
        try
        {
            proposals = await computer.ComputeAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // An analysis defect must not lose the submission: it is stored as not computed, and logged.
            ClinicalLog.ProposalsFailed(logger, ex, request.Id);
            proposals = EcgProposals.NotComputed(request.Id, "the analysis failed: " + ex.GetType().Name, time.GetUtcNow());
        }

        await store.SaveEcgProposalsAsync(proposals, CancellationToken.None).ConfigureAwait(false);
        return await store.GetRequestAsync(request.Id, CancellationToken.None).ConfigureAwait(false) is { } stored ? stored : submitted;
    }
}
