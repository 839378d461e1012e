using System.Globalization;
using Microsoft.Extensions.Options;
using TeleSante.Access.Audit;
using TeleSante.Clinical.Store;
using TeleSante.LiveView;
using TeleSante.LiveView.Internal;

namespace TeleSante.Gateway.LiveView;

/// <summary>
/// Raises the vitals alerts (issue 12): reads the accepted readings from <see cref="VitalAlertQueue"/> in batches
/// (whatever is queued, up to LiveView:AlertMaxBatch), applies the rule table to each in order
/// (<see cref="VitalAlertEvaluator"/>: one alert per episode), then makes the batch's outcomes durable, in ONE
/// store transaction (alerts raised, episodes ended) and ONE audit write, and only then pushes them to the sessions'
/// viewers, in order: a practitioner never sees an alert that is not stored (they could not acknowledge it).
/// One transaction and one fsync per alert let the evaluator fall behind under load (issue 14: 1,200 vitals
/// messages/s); per batch, its cost is shared by every alert of the batch.
/// A batch that cannot be made durable (database unavailable) is retried whole until it is: no reading is skipped,
/// and no alert is stored or audited twice (see <see cref="MakeDurableAsync"/>).
/// </summary>
internal sealed class VitalAlertService(
    VitalAlertQueue queue,
    VitalAlertEvaluator evaluator,
    VitalAlertStore store,
    IAuditTrail audit,
    VitalAlertPush push,
    IOptions<LiveViewOptions> options,
    TimeProvider time,
    ILogger<VitalAlertService> logger) : BackgroundService
{
    /// <summary>Audit actor of what the gateway does by itself.</summary>
    public const string Actor = "gateway";

    public const string RaiseAction = "vital-alert.raise";

    private readonly int _maxBatch = options.Value.AlertMaxBatch;
    private readonly TimeSpan _retryDelay = TimeSpan.FromMilliseconds(options.Value.AlertRetryMilliseconds);

    // Reused from batch to batch (one reader): nothing is allocated per reading that raises or ends nothing.
    private readonly List<VitalReading> _readings = [];
    private readonly List<VitalAlertChange> _changes = [];
    private readonly List<VitalAlert?> _raised = [];
    private readonly List<AuditEntry> _auditEntries = [];

    private long _evaluated;

    /// <summary>Readings evaluated so far (their outcomes durable and pushed).</summary>
    public long Evaluated => Interlocked.Read(ref _evaluated);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await queue.ReadBatchAsync(_readings, _maxBatch, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            Evaluate();
            VitalAlertRow?[] ended;
            try
            {
                ended = await MakeDurableAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            Push(ended);
            Interlocked.Add(ref _evaluated, _readings.Count);
        }
    }

    /// <summary>Every reading of the batch, in order: for each, the episode it ends, then the alert it raises.</summary>
    private void Evaluate()
    {
        _changes.Clear();
        _raised.Clear();
        _auditEntries.Clear();
        foreach (var reading in _readings)
        {
            var (ended, raised) = evaluator.Evaluate(reading, NowNs());
            if (ended is not null)
            {
                _changes.Add(VitalAlertChange.End(ended, reading.TimeNs));
                _raised.Add(null);
            }

            if (raised is not null)
            {
                _changes.Add(VitalAlertChange.Raise(raised.ToRow()));
                _raised.Add(raised);
                _auditEntries.Add(AuditOf(raised));
            }
        }
    }

    /// <summary>
    /// Stores the batch (one transaction), then audits its alerts (one write), retrying what failed until both are
    /// done. Each step is done once: a failure of the audit after the store committed retries the audit only. The
    /// store transaction is all or none and idempotent (<see cref="VitalAlertStore.ApplyAsync"/>), so a commit that
    /// succeeded without the gateway learning it is not applied twice either; the audit write is all or none
    /// (<see cref="IAuditTrail.RecordManyAsync"/>, a local SQLite transaction whose outcome is always known).
    /// </summary>
    private async Task<VitalAlertRow?[]> MakeDurableAsync(CancellationToken cancellationToken)
    {
        VitalAlertRow?[]? ended = _changes.Count == 0 ? [] : null;
        var audited = _auditEntries.Count == 0;
        while (true)
        {
            try
            {
                ended ??= await store.ApplyAsync(_changes, cancellationToken).ConfigureAwait(false);
                if (!audited)
                {
                    await audit.RecordManyAsync(_auditEntries, cancellationToken).ConfigureAwait(false);
                    audited = true;
                }

                return ended;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                VitalAlertLog.Failed(logger, ex, _readings.Count, _auditEntries.Count, ended is not null, (int)_retryDelay.TotalMilliseconds);
                await Task.Delay(_retryDelay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The batch's alerts and ends to the viewers, in the order of the readings.</summary>
    private void Push(VitalAlertRow?[] ended)
    {
        for (var i = 0; i < _changes.Count; i++)
        {
            if (_raised[i] is { } raised)
            {
                push.Send(raised);
                VitalAlertLog.Raised(logger, raised.Id, raised.RefId, raised.Value, raised.Unit, raised.SessionId, raised.DeviceId);
            }
            else if (ended[i] is { } row)
            {
                push.Send(row.ToAlert());
            }
        }
    }

    private static AuditEntry AuditOf(VitalAlert raised) => new(Actor, RaiseAction, "session/" + raised.SessionId, AuditEntry.Allowed, null,
        $"{raised.Id}: {raised.RefId} {raised.Value.ToString(CultureInfo.InvariantCulture)} {raised.Unit} measured at {raised.MeasuredAtNs} ns by {raised.DeviceId}, " +
        $"{raised.Direction} {raised.Limit.ToString(CultureInfo.InvariantCulture)} {raised.RuleUnit}");

    private long NowNs() => (time.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
}
