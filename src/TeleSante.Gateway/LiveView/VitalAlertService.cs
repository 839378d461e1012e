using TeleSante.Access.Audit;
using TeleSante.Clinical.Store;
using TeleSante.LiveView;
using TeleSante.LiveView.Internal;

namespace TeleSante.Gateway.LiveView;

/// <summary>
/// Raises the vitals alerts (issue 12): reads every accepted reading from <see cref="VitalAlertQueue"/>, applies the
/// rule table (<see cref="VitalAlertEvaluator"/>: one alert per episode), and for an alert raised stores it, audits
/// it and pushes it to the session's viewers; for an episode ended, records its end and pushes the update. A
/// reading whose outcome cannot be stored (database unavailable) is retried until it is: never skipped.
/// </summary>
internal sealed class VitalAlertService(
    VitalAlertQueue queue,
    VitalAlertEvaluator evaluator,
    VitalAlertStore store,
    IAuditTrail audit,
    VitalAlertPush push,
    TimeProvider time,
    ILogger<VitalAlertService> logger) : BackgroundService
{
    /// <summary>Audit actor of what the gateway does by itself.</summary>
    public const string Actor = "gateway";

    public const string RaiseAction = "vital-alert.raise";

    private const int RetryDelayMs = 1000;

    private long _evaluated;

    /// <summary>Readings evaluated so far.</summary>
    public long Evaluated => Interlocked.Read(ref _evaluated);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            VitalReading reading;
            try
            {
                reading = await queue.ReadAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            var (ended, raised) = evaluator.Evaluate(reading, NowNs());
            while (true)
            {
                try
                {
                    await ApplyAsync(reading, ended, raised, stoppingToken).ConfigureAwait(false);
                    break;
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception ex)
                {
                    VitalAlertLog.Failed(logger, ex, reading.SessionId, RetryDelayMs);
                    await Task.Delay(TimeSpan.FromMilliseconds(RetryDelayMs), time, stoppingToken).ConfigureAwait(false);
                }
            }

            Interlocked.Increment(ref _evaluated);
        }
    }

    private async Task ApplyAsync(VitalReading reading, string? ended, VitalAlert? raised, CancellationToken cancellationToken)
    {
        if (ended is not null && await store.EndAsync(ended, reading.TimeNs, cancellationToken).ConfigureAwait(false) is { } row)
        {
            push.Send(row.ToAlert());
        }

        if (raised is null)
        {
            return;
        }

        // A retry after a failure between the insert and the audit must not insert twice.
        if (await store.FindAsync(raised.Id, cancellationToken).ConfigureAwait(false) is null)
        {
            await store.InsertAsync(raised.ToRow(), cancellationToken).ConfigureAwait(false);
        }

        await audit.RecordAsync(new AuditEntry(Actor, RaiseAction, "session/" + raised.SessionId, AuditEntry.Allowed, null,
            $"{raised.Id}: {raised.RefId} {raised.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)} {raised.Unit} measured at {raised.MeasuredAtNs} ns by {raised.DeviceId}, " +
            $"{raised.Direction} {raised.Limit.ToString(System.Globalization.CultureInfo.InvariantCulture)} {raised.RuleUnit}"), cancellationToken).ConfigureAwait(false);
        push.Send(raised);
        VitalAlertLog.Raised(logger, raised.Id, raised.RefId, raised.Value, raised.Unit, raised.SessionId, raised.DeviceId);
    }

    private long NowNs() => (time.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
}
