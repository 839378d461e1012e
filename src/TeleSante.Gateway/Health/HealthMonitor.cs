using Microsoft.Extensions.Options;
using TeleSante.Ingestion.DeadLetters;
using TeleSante.Storage;

namespace TeleSante.Gateway.Health;

/// <summary>
/// Runs the checks behind GET /health in the background, so the endpoint answers from memory. Issue 14:
/// /health stopped answering under a 2,000-device load while it awaited a SQLite COUNT behind the
/// dead-letter store's single connection (busy with fsync'd inserts); and a ping that waits the store's
/// 30 s request timeout would hold a prober just as long. A check that is itself stuck shows as an
/// ageing <see cref="Last"/>, which the endpoint reports.
/// </summary>
internal sealed class HealthMonitor(
    IStoreProbe influx,
    IDeadLetterStore deadLetters,
    IOptions<HealthOptions> options,
    TimeProvider time,
    ILogger<HealthMonitor> logger) : BackgroundService
{
    private HealthCheck? _last;

    /// <summary>The last finished check; null until the first one finishes.</summary>
    public HealthCheck? Last => Volatile.Read(ref _last);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var started = time.GetTimestamp();
            var ping = PingAsync(stoppingToken);
            var count = CountAsync(stoppingToken);
            try
            {
                await Task.WhenAll(ping, count).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            var (reachable, error) = await ping.ConfigureAwait(false);
            Volatile.Write(ref _last, new HealthCheck(time.GetUtcNow(), time.GetElapsedTime(started), reachable, error, await count.ConfigureAwait(false)));

            try
            {
                await Task.Delay(options.Value.RefreshInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<(bool Reachable, string? Error)> PingAsync(CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(options.Value.InfluxPingTimeout);
        try
        {
            var error = await influx.ProbeAsync(timeout.Token).ConfigureAwait(false);
            return (error is null, error);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return (false, $"No answer to GET /ping within {options.Value.InfluxPingTimeout.TotalMilliseconds:0} ms (Health:InfluxPingTimeout).");
        }
    }

    private async Task<long?> CountAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await deadLetters.CountAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            HealthLog.DeadLetterCountFailed(logger, ex);
            return null;
        }
    }
}
