using System.Data.Common;
using Microsoft.Extensions.Options;
using TeleSante.Clinical.Store;

namespace TeleSante.Gateway.Attribution;

/// <summary>
/// Loads <see cref="OpenConsultations"/> from the clinical store before any transport starts (a failure stops the
/// start: readings must not be judged against an empty table), then reloads it every
/// <see cref="AttributionOptions.RefreshInterval"/>, so that a consultation opened or closed through another gateway
/// sharing the database applies here within that interval plus one query.
/// </summary>
internal sealed class OpenConsultationsLoader(
    OpenConsultations table,
    ClinicalStore store,
    IOptions<AttributionOptions> options,
    TimeProvider time,
    ILogger<OpenConsultationsLoader> logger) : BackgroundService
{
    // A reload loses to a local change made during its query; it is retried at once, a few times.
    private const int MaxAttemptsPerRefresh = 3;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Mode == AttributionMode.Session)
        {
            AttributionLog.SessionMode(logger);
            return;
        }

        await RefreshAsync(cancellationToken).ConfigureAwait(false);
        AttributionLog.Loaded(logger, table.DeviceCount, table.OpenCount);
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException)
            {
                AttributionLog.RefreshFailed(logger, ex);
            }
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; attempt <= MaxAttemptsPerRefresh; attempt++)
        {
            var version = table.Version;
            var rows = await store.ListDeviceAttributionsAsync(cancellationToken).ConfigureAwait(false);
            if (table.TryReplace(rows, version))
            {
                return;
            }
        }
    }
}
