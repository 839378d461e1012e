using Microsoft.Extensions.Options;

namespace TeleSante.Gateway.Security;

/// <summary>Writes the refused-authentication summaries of ended windows once per window.</summary>
internal sealed class RefusalAuditFlusher(RefusalAuditThrottle throttle, IOptions<SecurityOptions> options, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefusedAuditWindow, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await throttle.FlushEndedAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // At shutdown too: what was counted must not vanish with the process.
        await throttle.FlushEndedAsync(includeCurrent: true).ConfigureAwait(false);
    }
}
