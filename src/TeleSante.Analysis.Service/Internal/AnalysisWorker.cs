using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TeleSante.Analysis.Ml;
using TeleSante.Analysis.Rhythms;
using TeleSante.Analysis.Triage;
using TeleSante.Contracts.V1;

namespace TeleSante.Analysis.Service.Internal;

/// <summary>
/// Empties the <see cref="AnalysisQueue"/>: one loop per partition, each owning its streams (so a stream is analysed in
/// order by one thread, with no lock). Batches are taken in the device's sequence order: one that arrives ahead of its
/// predecessor waits up to <see cref="AnalysisServiceOptions.ReorderWait"/>, and so does the first batch of a stream
/// (unless it is seq 1), since the batches before it may still be on their way; after that the hole is a gap (see
/// <see cref="StreamAnalyser"/>). A batch whose analysis throws is reported as <see cref="NotAnalysedSpan.Error"/> and its
/// stream starts afresh; the batch itself was durable before the analysis saw it and stays stored.
/// </summary>
internal sealed class AnalysisWorker(
    AnalysisQueue queue,
    IEnumerable<IAnalysisResultListener> listeners,
    AnalysisStatus status,
    IOptions<AnalysisServiceOptions> options,
    AfModel afModel,
    BeatModel beatModel,
    IOptions<TriageOptions> triage,
    IOptions<RhythmProposerOptions> rhythm,
    TimeProvider time,
    ILogger<AnalysisWorker> logger) : BackgroundService
{
    // The host's configured limits (the gateway binds them under EcgProposals:Triage and EcgProposals:Rhythm, validated at
    // start-up, for the worklist's triage): the urgent statements sent early and the blocks' statements use the same ones.
    private readonly TriageRules _triage = new(triage.Value);
    private readonly RhythmProposerOptions _rhythm = rhythm.Value;
    private static readonly TimeSpan Housekeeping = TimeSpan.FromMilliseconds(100);
    private readonly AnalysisServiceOptions _options = options.Value;
    private readonly IAnalysisResultListener[] _listeners = [.. listeners];

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        if (_options.Enabled)
        {
            AnalysisLog.Started(logger, _options.Workers, _options.QueueCapacity, afModel.Path ?? "none", beatModel.Path ?? "none");
        }

        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return Task.CompletedTask;
        }

        var loops = new Task[queue.Partitions];
        for (var p = 0; p < loops.Length; p++)
        {
            var partition = p;
            // Off the host's start-up path; each loop is CPU work between awaits.
            loops[p] = Task.Run(() => RunPartitionAsync(partition, stoppingToken), stoppingToken);
        }

        return Task.WhenAll(loops);
    }

    private async Task RunPartitionAsync(int partition, CancellationToken stoppingToken)
    {
        var streams = new Dictionary<StreamKey, StreamState>();
        var reader = queue.Reader(partition);
        var lastHousekeeping = time.GetTimestamp();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                while (reader.TryRead(out var batch))
                {
                    status.QueuedChanged(-1);
                    await AcceptAsync(streams, batch, stoppingToken).ConfigureAwait(false);
                    if (time.GetElapsedTime(lastHousekeeping) >= Housekeeping)
                    {
                        break;
                    }
                }

                if (time.GetElapsedTime(lastHousekeeping) >= Housekeeping)
                {
                    lastHousekeeping = time.GetTimestamp();
                    await HousekeepAsync(partition, streams, stoppingToken).ConfigureAwait(false);
                }

                if (reader.Count == 0)
                {
                    var wait = reader.WaitToReadAsync(stoppingToken).AsTask();
                    await Task.WhenAny(wait, Task.Delay(Housekeeping, time, stoppingToken)).ConfigureAwait(false);
                    if (wait.IsCompleted && !await wait.ConfigureAwait(false))
                    {
                        break; // completed: shutting down
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await FinishAllAsync(streams).ConfigureAwait(false);
    }

    /// <summary>The gateway stops: every stream's open rhythm block is closed on the evidence it has, so that no statement
    /// stays provisional (confirmed or withdrawn, see <see cref="StreamAnalyser"/>). Batches still held for reordering are
    /// analysed first. The store writer stops after the workers and writes what this publishes.</summary>
    private async Task FinishAllAsync(Dictionary<StreamKey, StreamState> streams)
    {
        foreach (var stream in streams.Values)
        {
            try
            {
                stream.Starting = false;
                while (stream.Held.Count > 0)
                {
                    var held = stream.Held.GetValueAtIndex(0).Batch;
                    stream.Held.RemoveAt(0);
                    await AnalyseAsync(stream, held, CancellationToken.None).ConfigureAwait(false);
                }

                if (stream.Analyser is { } analyser)
                {
                    stream.Analyser = null;
                    await PublishAsync(analyser.Finish(), CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                AnalysisLog.Failed(logger, ex, stream.LastSeq, stream.Key.DeviceId, stream.Key.SessionId);
            }
        }
    }

    private async Task AcceptAsync(Dictionary<StreamKey, StreamState> streams, ReadingBatch batch, CancellationToken cancellationToken)
    {
        var key = new StreamKey(batch.SessionId, batch.DeviceId);
        if (!streams.TryGetValue(key, out var stream))
        {
            streams[key] = stream = new StreamState(key);
            status.StreamsChanged(1);
        }

        stream.LastActivity = time.GetTimestamp();
        await ReportSkippedAsync(stream, cancellationToken).ConfigureAwait(false);
        if (!stream.HasSeq || stream.Epoch != batch.SeqEpoch)
        {
            stream.HasSeq = true;
            stream.Epoch = batch.SeqEpoch;
            stream.Held.Clear();
            // Seq 1 opens a numbering (readings.proto): nothing can come before it. Any other first batch may have
            // overtaken its predecessors in the group commit, so the stream's start waits for them (bounded).
            stream.Starting = batch.Seq > 1;
            stream.LastSeq = batch.Seq - 1;
        }

        if (stream.Starting)
        {
            stream.Held.TryAdd(batch.Seq, (batch, time.GetTimestamp()));
            if (stream.Held.GetKeyAtIndex(0) > 1)
            {
                return; // released by HousekeepAsync once the oldest held batch has waited ReorderWait
            }

            await ReleaseStartAsync(stream, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (batch.Seq > stream.LastSeq + 1)
        {
            stream.Held.TryAdd(batch.Seq, (batch, time.GetTimestamp()));
            return;
        }

        await AnalyseAsync(stream, batch, cancellationToken).ConfigureAwait(false);
        await AnalyseFollowersAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The stream's start is settled: numbering starts at the lowest batch held, and every batch that follows
    /// it without a hole is analysed; the rest stay held as usual.</summary>
    private async Task ReleaseStartAsync(StreamState stream, CancellationToken cancellationToken)
    {
        stream.Starting = false;
        var first = stream.Held.GetValueAtIndex(0).Batch;
        stream.Held.RemoveAt(0);
        stream.LastSeq = first.Seq - 1;
        await AnalyseAsync(stream, first, cancellationToken).ConfigureAwait(false);
        await AnalyseFollowersAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    private async Task AnalyseFollowersAsync(StreamState stream, CancellationToken cancellationToken)
    {
        while (stream.Held.Count > 0 && stream.Held.GetKeyAtIndex(0) <= stream.LastSeq + 1)
        {
            var held = stream.Held.GetValueAtIndex(0).Batch;
            stream.Held.RemoveAt(0);
            await AnalyseAsync(stream, held, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task AnalyseAsync(StreamState stream, ReadingBatch batch, CancellationToken cancellationToken)
    {
        stream.LastSeq = Math.Max(stream.LastSeq, batch.Seq);
        foreach (var chunk in batch.Waveforms)
        {
            var leads = chunk.Channels.Where(AnalysisQueue.IsEcg).ToArray();
            if (leads.Length == 0 || leads[0].Samples.Count == 0)
            {
                continue;
            }

            var ecg = new EcgChunk(chunk, leads);
            AnalysisResult result;
            try
            {
                if (stream.Analyser is { } current && !current.Matches(ecg))
                {
                    await PublishAsync(current.Finish(), cancellationToken).ConfigureAwait(false);
                    stream.Analyser = null;
                }

                stream.Analyser ??= new StreamAnalyser(stream.Key.SessionId, stream.Key.DeviceId, chunk.SampleRateHz, [.. leads.Select(l => l.MdcCode)], _options, afModel.Classifier, beatModel.Classifier, _triage, _rhythm);
                result = stream.Analyser.Analyse(ecg, out var gap);
                if (gap)
                {
                    status.CountGap();
                }

                if (result.NotAnalysed.Any(s => s.Reason == NotAnalysedSpan.OutOfOrder))
                {
                    status.CountOutOfOrder();
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                status.CountFailed();
                AnalysisLog.Failed(logger, ex, batch.Seq, batch.DeviceId, batch.SessionId);
                // Its provisional statements are withdrawn, said so: the fresh analyser knows nothing of them.
                var withdrawn = stream.Analyser?.Abandon(ecg.StartNs, ecg.EndNs).Statements ?? [];
                stream.Analyser = null;
                result = new AnalysisResult(stream.Key.SessionId, stream.Key.DeviceId, ecg.StartNs, ecg.EndNs, [], null, [],
                    [new NotAnalysedSpan(ecg.StartNs, ecg.EndNs, NotAnalysedSpan.Error, 0)], withdrawn);
            }

            status.CountBeats(result.Beats.Count);
            await PublishAsync(result, cancellationToken).ConfigureAwait(false);
        }

        status.CountBatch();
    }

    /// <summary>Batches of this stream that found the queue full: reported, and the stream restarts (no RR across them).</summary>
    private async Task ReportSkippedAsync(StreamState stream, CancellationToken cancellationToken)
    {
        if (!queue.TryTakeSkipped(stream.Key, out var from, out var to))
        {
            return;
        }

        if (stream.Analyser is { } analyser)
        {
            await PublishAsync(analyser.Finish(), cancellationToken).ConfigureAwait(false);
            stream.Analyser = null;
        }

        await PublishAsync(new AnalysisResult(stream.Key.SessionId, stream.Key.DeviceId, from, to, [], null, [],
            [new NotAnalysedSpan(from, to, NotAnalysedSpan.Overload, 0)], []), cancellationToken).ConfigureAwait(false);
    }

    private async Task HousekeepAsync(int partition, Dictionary<StreamKey, StreamState> streams, CancellationToken cancellationToken)
    {
        foreach (var key in queue.SkippedStreams(partition).ToArray())
        {
            if (!streams.TryGetValue(key, out var stream))
            {
                streams[key] = stream = new StreamState(key) { LastActivity = time.GetTimestamp() };
                status.StreamsChanged(1);
            }

            await ReportSkippedAsync(stream, cancellationToken).ConfigureAwait(false);
        }

        foreach (var stream in streams.Values.ToArray())
        {
            // A start held long enough: no earlier batch is coming, the stream starts at the lowest held one.
            if (stream.Starting && stream.Held.Count > 0 && time.GetElapsedTime(OldestHeldAt(stream)) >= _options.ReorderWait)
            {
                await ReleaseStartAsync(stream, cancellationToken).ConfigureAwait(false);
            }

            // Held batches whose predecessor did not come in time: the hole becomes a gap.
            while (!stream.Starting && stream.Held.Count > 0 && time.GetElapsedTime(stream.Held.GetValueAtIndex(0).HeldAt) >= _options.ReorderWait)
            {
                var held = stream.Held.GetValueAtIndex(0).Batch;
                stream.Held.RemoveAt(0);
                await AnalyseAsync(stream, held, cancellationToken).ConfigureAwait(false);
                await AnalyseFollowersAsync(stream, cancellationToken).ConfigureAwait(false);
            }

            if (stream.Held.Count == 0 && time.GetElapsedTime(stream.LastActivity) >= _options.IdleEviction)
            {
                if (stream.Analyser is { } analyser)
                {
                    await PublishAsync(analyser.Finish(), cancellationToken).ConfigureAwait(false);
                }

                streams.Remove(stream.Key);
                status.StreamsChanged(-1);
                AnalysisLog.Evicted(logger, stream.Key.DeviceId, stream.Key.SessionId);
            }
        }
    }

    // While starting, a batch older than the first one held can arrive later (and sort first): the wait counts from the
    // earliest arrival.
    private static long OldestHeldAt(StreamState stream)
    {
        var oldest = long.MaxValue;
        foreach (var (_, heldAt) in stream.Held.Values)
        {
            oldest = Math.Min(oldest, heldAt);
        }

        return oldest;
    }

    private async ValueTask PublishAsync(AnalysisResult result, CancellationToken cancellationToken)
    {
        if (result.IsEmpty)
        {
            return;
        }

        foreach (var listener in _listeners)
        {
            await listener.OnAnalysedAsync(result, cancellationToken).ConfigureAwait(false);
        }
    }
}
