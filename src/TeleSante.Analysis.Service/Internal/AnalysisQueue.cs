using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;
using TeleSante.Ingestion;

namespace TeleSante.Analysis.Service.Internal;

/// <summary>
/// The analysis's <see cref="IAcceptedBatchObserver"/>: hands each durable batch that carries ECG to its stream's worker
/// through a bounded channel and returns at once. It never waits: when the channel is full the batch (already stored)
/// is not analysed, counted, logged, and its span recorded so the worker reports it as
/// <see cref="NotAnalysedSpan.Overload"/> (never silently missing).
/// </summary>
internal sealed class AnalysisQueue : IAcceptedBatchObserver
{
    private readonly Channel<ReadingBatch>[] _partitions;
    private readonly ConcurrentDictionary<StreamKey, SkippedRange> _skipped = new();
    private readonly AnalysisStatus _status;
    private readonly ILogger<AnalysisQueue> _logger;
    private readonly bool _enabled;

    public AnalysisQueue(IOptions<AnalysisServiceOptions> options, AnalysisStatus status, ILogger<AnalysisQueue> logger)
    {
        var o = options.Value;
        _enabled = o.Enabled;
        _status = status;
        _logger = logger;
        var capacity = Math.Max(1, o.QueueCapacity / o.Workers);
        _partitions = new Channel<ReadingBatch>[o.Workers];
        for (var i = 0; i < _partitions.Length; i++)
        {
            _partitions[i] = Channel.CreateBounded<ReadingBatch>(new BoundedChannelOptions(capacity)
            {
                // Never Wait: the caller is the ingestion path. TryWrite fails when full and the batch is marked instead.
                FullMode = BoundedChannelFullMode.Wait,
                SingleReader = true,
                SingleWriter = false, // group commits of several devices complete concurrently
            });
        }
    }

    public int Partitions => _partitions.Length;

    public ChannelReader<ReadingBatch> Reader(int partition) => _partitions[partition].Reader;

    public void OnAccepted(ReadingBatch batch)
    {
        if (!_enabled || batch.SessionId.Length == 0 || !HasEcg(batch))
        {
            return;
        }

        var key = new StreamKey(batch.SessionId, batch.DeviceId);
        if (_partitions[PartitionOf(key)].Writer.TryWrite(batch))
        {
            _status.QueuedChanged(1);
            return;
        }

        _status.CountSkipped();
        var (from, to) = EcgRange(batch);
        var range = _skipped.GetOrAdd(key, static (_, r) => new SkippedRange(r.from, r.to), (from, to));
        lock (range.Gate)
        {
            range.Widen(from, to);
        }

        AnalysisLog.Skipped(_logger, batch.Seq, batch.DeviceId, batch.SessionId, _status.BatchesSkipped);
    }

    /// <summary>Takes the range skipped for <paramref name="key"/> since the last call, if any.</summary>
    public bool TryTakeSkipped(StreamKey key, out long fromNs, out long toNs)
    {
        fromNs = toNs = 0;
        if (!_skipped.TryRemove(key, out var range))
        {
            return false;
        }

        lock (range.Gate)
        {
            (fromNs, toNs) = (range.FromNs, range.ToNs);
        }

        return true;
    }

    /// <summary>Streams of <paramref name="partition"/> with a skipped range waiting (for streams whose batches stopped coming).</summary>
    public IEnumerable<StreamKey> SkippedStreams(int partition) => _skipped.Keys.Where(k => PartitionOf(k) == partition);

    public int PartitionOf(StreamKey key) =>
        _partitions.Length == 1 ? 0 : (int)((uint)HashCode.Combine(StringComparer.Ordinal.GetHashCode(key.SessionId), StringComparer.Ordinal.GetHashCode(key.DeviceId)) % (uint)_partitions.Length);

    public void Complete()
    {
        foreach (var p in _partitions)
        {
            p.Writer.TryComplete();
        }
    }

    internal static bool IsEcg(WaveformChannel channel) => CodeCatalog.FindWaveform(channel.MdcCode)?.Kind == WaveformKind.Ecg;

    private static bool HasEcg(ReadingBatch batch)
    {
        foreach (var chunk in batch.Waveforms)
        {
            foreach (var channel in chunk.Channels)
            {
                if (IsEcg(channel))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static (long From, long To) EcgRange(ReadingBatch batch)
    {
        long from = long.MaxValue, to = long.MinValue;
        foreach (var chunk in batch.Waveforms)
        {
            var channel = chunk.Channels.FirstOrDefault(IsEcg);
            if (channel is not null)
            {
                from = Math.Min(from, chunk.StartTimeNs);
                to = Math.Max(to, chunk.StartTimeNs + (long)Math.Round(channel.Samples.Count * 1e9 / chunk.SampleRateHz));
            }
        }

        return (from, to);
    }
}
