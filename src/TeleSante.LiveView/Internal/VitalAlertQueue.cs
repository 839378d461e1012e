using System.Threading.Channels;
using Microsoft.Extensions.Options;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;
using TeleSante.Ingestion;

namespace TeleSante.LiveView.Internal;

/// <summary>
/// Hands every reading of every durable batch to the alert evaluator without ever blocking ingestion and without
/// ever dropping one. A bounded channel (LiveView:AlertQueueReadings) takes them; when it is full (the evaluator is
/// behind: its database is slow), further readings go to an overflow queue, counted and logged, and stay there, in
/// order, until the channel has room again. Once anything overflowed, later readings queue behind it, so the
/// evaluator sees them in acceptance order. The overflow is unbounded on purpose: an alert must not be lost, and
/// blocking here would stall the acknowledgement of devices (IAcceptedBatchObserver must not block); readings are
/// small and rare (a few a minute per device).
/// </summary>
internal sealed class VitalAlertQueue : IAcceptedBatchObserver
{
    private readonly Channel<VitalReading> _channel;
    private readonly Queue<VitalReading> _overflow = new();
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly ILogger<VitalAlertQueue> _logger;
    private long _enqueued;
    private long _overflowed;

    public VitalAlertQueue(IOptions<LiveViewOptions> options, TimeProvider time, ILogger<VitalAlertQueue> logger)
    {
        _time = time;
        _logger = logger;
        _channel = Channel.CreateBounded<VitalReading>(new BoundedChannelOptions(options.Value.AlertQueueReadings)
        {
            // Never used: a full channel is detected by TryWrite and the reading goes to the overflow queue.
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
    }

    /// <summary>Readings handed to the evaluator so far.</summary>
    public long Enqueued => Interlocked.Read(ref _enqueued);

    /// <summary>Readings that found the channel full and waited in the overflow queue (none was dropped).</summary>
    public long Overflowed => Interlocked.Read(ref _overflowed);

    /// <summary>Readings waiting in the overflow queue now.</summary>
    public int Backlog
    {
        get
        {
            lock (_gate)
            {
                return _overflow.Count;
            }
        }
    }

    public void OnAccepted(ReadingBatch batch)
    {
        if (batch.Observations.Count == 0 || batch.SessionId.Length == 0)
        {
            return;
        }

        var acceptedNs = NowNs();
        lock (_gate)
        {
            foreach (var o in batch.Observations)
            {
                Add(new VitalReading(batch.SessionId, batch.DeviceId, o.MdcCode, o.Value, o.Unit, o.TimeNs, acceptedNs));
            }
        }
    }

    /// <summary>Hands the ECG analysis's heart rate of a stream to the evaluator, like a reading (never blocks, never drops).</summary>
    public void EnqueueEcgRate(string sessionId, string deviceId, double bpm, long fromNs, long toNs)
    {
        lock (_gate)
        {
            Add(new VitalReading(sessionId, deviceId, CodeCatalog.HeartRateEcg, bpm, "/min", toNs, NowNs(), VitalAlert.EcgAnalysisSource, fromNs));
        }
    }

    private void Add(in VitalReading reading)
    {
        Interlocked.Increment(ref _enqueued);
        if (_overflow.Count == 0 && _channel.Writer.TryWrite(reading))
        {
            return;
        }

        if (_overflow.Count == 0)
        {
            VitalAlertLog.QueueFull(_logger, _channel.Reader.Count);
        }

        _overflow.Enqueue(reading);
        Interlocked.Increment(ref _overflowed);
    }

    private long NowNs() => (_time.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) * 100;

    /// <summary>Waits for at least one reading, then fills <paramref name="batch"/> (cleared first) with every reading
    /// available now, up to <paramref name="max"/>, in acceptance order (single reader). Never waits to fill the batch:
    /// under light load a batch is one reading and nothing is delayed; under load the evaluator takes the backlog in
    /// large batches (issue 14).</summary>
    public async ValueTask ReadBatchAsync(List<VitalReading> batch, int max, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        batch.Clear();
        while (true)
        {
            while (batch.Count < max)
            {
                if (_channel.Reader.TryRead(out var reading))
                {
                    batch.Add(reading);
                    continue;
                }

                if (!RefillFromOverflow())
                {
                    break;
                }
            }

            if (batch.Count > 0)
            {
                return;
            }

            await _channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The channel is empty: whatever overflowed comes next, moved into the channel in order. False if
    /// nothing was waiting.</summary>
    private bool RefillFromOverflow()
    {
        var moved = false;
        lock (_gate)
        {
            while (_overflow.Count > 0 && _channel.Writer.TryWrite(_overflow.Peek()))
            {
                _overflow.Dequeue();
                moved = true;
            }
        }

        return moved;
    }

    /// <summary>The next reading, in acceptance order (single reader).</summary>
    public async ValueTask<VitalReading> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_channel.Reader.TryRead(out var reading))
            {
                return reading;
            }

            RefillFromOverflow();
            if (_channel.Reader.TryRead(out reading))
            {
                return reading;
            }

            await _channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
