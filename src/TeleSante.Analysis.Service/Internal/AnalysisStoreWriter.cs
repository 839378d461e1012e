using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TeleSante.Storage.Influx;

namespace TeleSante.Analysis.Service.Internal;

/// <summary>
/// Writes analysis results to the time-series store the way readings are written: gathered into line-protocol batches,
/// retried with back-off while the store is unavailable (the same payload, so nothing is lost or doubled), line by line
/// after a partial write (InfluxDB 1.x keeps the good lines), a line refused on its own logged and counted. Its queue is
/// bounded and waits when full: the analysis workers slow down, their queue fills, and batches are then marked "not
/// analysed" at the entry, never a computed result dropped here.
/// </summary>
internal sealed class AnalysisStoreWriter : BackgroundService, IAnalysisResultListener
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);
    private readonly Channel<AnalysisResult> _queue;
    private readonly CancellationTokenSource _drain = new();
    private int _stopping;
    private readonly ITimeSeriesStore _store;
    private readonly AnalysisStatus _status;
    private readonly AnalysisServiceOptions _options;
    private readonly int _maxLines;
    private readonly TimeProvider _time;
    private readonly ILogger<AnalysisStoreWriter> _logger;

    public AnalysisStoreWriter(ITimeSeriesStore store, AnalysisStatus status, IOptions<AnalysisServiceOptions> options, IOptions<InfluxOptions> influx, TimeProvider time, ILogger<AnalysisStoreWriter> logger)
    {
        _store = store;
        _status = status;
        _options = options.Value;
        _maxLines = influx.Value.MaxBatchLines;
        _time = time;
        _logger = logger;
        _queue = Channel.CreateBounded<AnalysisResult>(new BoundedChannelOptions(_options.StoreQueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false, // one per analysis worker
        });
    }

    /// <summary>Results waiting to be written.</summary>
    public int Pending => _queue.Reader.Count;

    public ValueTask OnAnalysedAsync(AnalysisResult result, CancellationToken cancellationToken) => _queue.Writer.WriteAsync(result, cancellationToken);

    /// <summary>Stops after the analysis workers (registered before them): what they published while finishing their
    /// streams (the last rhythm blocks: statements confirmed or withdrawn) is written before it stops, for at most
    /// <see cref="AnalysisServiceOptions.StopDrainTimeout"/> (a store that is down does not hold the shutdown) or the host's
    /// shutdown timeout (<paramref name="cancellationToken"/>).</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // In-process hosting can stop the host twice; the drain is bounded once.
        if (Interlocked.Exchange(ref _stopping, 1) == 0)
        {
            _queue.Writer.TryComplete();
            _drain.CancelAfter(_options.StopDrainTimeout);
        }

        if (ExecuteTask is { IsCompleted: false } running)
        {
            using var giveUp = cancellationToken.Register(_drain.Cancel);
            await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _drain.Dispose();
        base.Dispose();
    }

    // Not the host's stopping token: the queue is written out until it is completed and empty (see StopAsync).
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var drainToken = _drain.Token;
        using var lines = new LineProtocolBuilder();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(drainToken).ConfigureAwait(false))
            {
                lines.Reset();
                var points = 0;
                while (points < _maxLines && _queue.Reader.TryRead(out var result))
                {
                    points += AnalysisSchema.Append(lines, result);
                }

                if (points > 0)
                {
                    await WriteAsync(lines, drainToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (drainToken.IsCancellationRequested)
        {
        }
    }

    private async Task WriteAsync(LineProtocolBuilder lines, CancellationToken cancellationToken)
    {
        var result = await WriteUntilAnsweredAsync(lines.Written, cancellationToken).ConfigureAwait(false);
        if (result.IsSuccess)
        {
            _status.CountStored(lines.PointCount);
            return;
        }

        // A partial write stored the good lines: resend one by one, keep aside those refused on their own.
        foreach (var range in lines.Lines)
        {
            var line = lines.Written[range];
            var single = await WriteUntilAnsweredAsync(line, cancellationToken).ConfigureAwait(false);
            if (single.IsSuccess)
            {
                _status.CountStored(1);
            }
            else
            {
                _status.CountStoreRefused(1);
                AnalysisLog.StoreRefused(_logger, single.Message, Encoding.UTF8.GetString(line.Span));
            }
        }
    }

    /// <summary>Writes until the store answers Ok or BadRequest; retries anything else with back-off.</summary>
    private async Task<StoreWriteResult> WriteUntilAnsweredAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var delay = _options.StoreRetryDelay;
        while (true)
        {
            var result = await _store.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
            if (result.Outcome is StoreOutcome.Ok or StoreOutcome.BadRequest)
            {
                return result;
            }

            _status.CountStoreFailure();
            AnalysisLog.StoreRetry(_logger, result.Outcome.ToString(), result.StatusCode, result.Message, delay);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(MaxRetryDelay.Ticks, delay.Ticks * 2));
        }
    }
}
