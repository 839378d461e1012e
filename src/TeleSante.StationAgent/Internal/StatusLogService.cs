using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TeleSante.StationAgent.Internal;

/// <summary>Logs the agent's counters every <see cref="AgentOptions.StatusLogInterval"/>: a pharmacy
/// station has no dashboard, its log is what support reads.</summary>
internal sealed class StatusLogService(AgentStatus status, IOptions<AgentOptions> options, TimeProvider time, ILogger<StatusLogService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(options.Value.StatusLogInterval, time, stoppingToken).ConfigureAwait(false);
                AgentLog.Status(logger, status.ToString());
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            AgentLog.Status(logger, status.ToString());
        }
    }
}
