using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TeleSante.Ingestion.DeadLetters;

/// <summary>
/// Enforces the dead-letter retention (<see cref="DeadLetterOptions"/>) at start-up and every
/// <see cref="DeadLetterOptions.PurgeInterval"/>: letters older than MaxAge, then the oldest beyond
/// MaxTotalBytes. Never so eagerly that it hides a flood: the newest letters are the last to go, the
/// interval lets a burst be seen whole, and every deletion leaves a record per device and reason
/// (GET /api/dead-letters/summary) and a log line (a warning when the size budget forced it, which
/// means refused input arrived faster than the budget allows).
/// </summary>
public sealed class DeadLetterRetention(IDeadLetterStore store, IOptions<DeadLetterOptions> options, TimeProvider time, ILogger<DeadLetterRetention> logger) : BackgroundService
{
    private long _purgedLetters;

    /// <summary>Dead letters deleted since the gateway started.</summary>
    public long PurgedLetters => Interlocked.Read(ref _purgedLetters);

    /// <summary>Runs one retention pass; returns what it deleted.</summary>
    public async Task<IReadOnlyList<DeadLetterPurge>> PurgeOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var purged = await store.PurgeAsync(now - options.Value.MaxAge, options.Value.MaxTotalBytes, now, cancellationToken).ConfigureAwait(false);
        foreach (var purge in purged)
        {
            Interlocked.Add(ref _purgedLetters, purge.Letters);
            if (purge.Cause == "size")
            {
                IngestionLog.DeadLettersPurgedForSize(logger, purge.Letters, purge.Bytes, purge.DeviceId, purge.Reason, purge.FirstReceivedAt, purge.LastReceivedAt, options.Value.MaxTotalBytes);
            }
            else
            {
                IngestionLog.DeadLettersPurgedForAge(logger, purge.Letters, purge.Bytes, purge.DeviceId, purge.Reason, options.Value.MaxAge);
            }
        }

        return purged;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await PurgeOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Retention failing must not stop the gateway; the next pass tries again.
                IngestionLog.DeadLetterRetentionFailed(logger, ex);
            }

            try
            {
                await Task.Delay(options.Value.PurgeInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
