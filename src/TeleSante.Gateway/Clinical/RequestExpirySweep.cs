using Microsoft.Extensions.Options;
using TeleSante.Access.Audit;
using TeleSante.Clinical.Requests;
using TeleSante.Clinical.Store;

namespace TeleSante.Gateway.Clinical;

/// <summary>
/// Expires submitted requests nobody accepted by their due time plus <c>TeleExpertise:ExpiryGrace</c>, every
/// <c>TeleExpertise:ExpirySweepInterval</c> on the injected <see cref="TimeProvider"/>, so the requester learns in time to send the
/// patient elsewhere. The rule is the workflow's (<see cref="TeleExpertiseWorkflow.Expire"/>), the sweep the store's
/// (<see cref="ClinicalStore.ExpireOverdueAsync"/>); each expiry is audited as the system's (from this gateway's host) and notified
/// live. Several gateways may sweep the same store: each request's step is taken once (optimistic version).
/// </summary>
internal sealed class RequestExpirySweep(ClinicalStore store, ClinicalStepEffects effects, IAuditTrail audit, IOptions<RequestExpiryOptions> options, TimeProvider time,
    ILogger<RequestExpirySweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.ExpirySweepInterval;
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                await SweepAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A database briefly unreachable: the next tick tries again; nothing is lost, the requests stay submitted.
                ClinicalLog.SweepFailed(logger, ex, interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One sweep; returns how many requests it expired.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var expired = await store.ExpireOverdueAsync(cancellationToken).ConfigureAwait(false);
        foreach (var request in expired)
        {
            await audit.RecordAsync(new AuditEntry(TeleExpertiseWorkflow.SystemActor, "clinical.request.expire", "request/" + request.Id, AuditEntry.Allowed,
                Environment.MachineName, $"submitted {request.SubmittedAt:O}, due {request.DueAt:O}: nobody accepted it"), CancellationToken.None).ConfigureAwait(false);
            await effects.AfterAsync(RequestAction.Expire, request, released: null, TeleExpertiseWorkflow.SystemActor, Environment.MachineName).ConfigureAwait(false);
        }

        if (expired.Count > 0)
        {
            ClinicalLog.Expired(logger, expired.Count);
        }

        return expired.Count;
    }
}
