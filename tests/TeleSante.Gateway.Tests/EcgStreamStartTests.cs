using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TeleSante.Analysis.Rhythms;
using TeleSante.Analysis.Service;
using TeleSante.Analysis.Service.Internal;
using TeleSante.Analysis.Triage;
using TeleSante.Contracts.V1;
using TeleSante.Testing;

namespace TeleSante.Gateway.Tests;

/// <summary>Issue 12: a stream's first batches may be acknowledged out of order (group commits complete concurrently); the
/// analysis must not take the first one it sees for the start of the numbering and lose those before it.</summary>
public sealed class EcgStreamStartTests
{
    private const long ToleranceNs = 40_000_000;

    [Fact]
    public async Task Batches_acknowledged_out_of_order_at_the_start_of_a_stream_are_all_analysed_in_order()
    {
        var start = 1_800_000_000_000_000_000L;
        // A device well into its numbering (seq 101 is not the start of an epoch): nothing says batch 101 is its first.
        var recorder = TestEcg.Recorder("ecg-start", "cons-start", start, leads: 1, rate: 250, chunkSamples: 125, firstSeq: 101);
        var batches = TestEcg.Batches(recorder, 24); // 12 s
        var order = new[] { 2, 0, 1, 3 }.Concat(Enumerable.Range(4, 20)).Select(i => batches[i]).ToList();

        var results = await AnalyseAsync(order, TimeSpan.FromMilliseconds(300));

        var spans = results.SelectMany(r => r.NotAnalysed).ToList();
        spans.Should().NotContain(s => s.Reason == NotAnalysedSpan.OutOfOrder, "the first batches were only late, not older than what was analysed");
        spans.Should().NotContain(s => s.Reason == NotAnalysedSpan.Gap);
        var beats = results.SelectMany(r => r.Beats).ToList();
        var peaks = recorder.Signal.RPeakTimes.Select(t => start + (long)Math.Round(t * 1e9)).Where(p => p >= start + 200_000_000 && p < start + 11_000_000_000).ToList();
        peaks.Should().HaveCountGreaterThan(10);
        peaks.Should().OnlyContain(p => beats.Any(b => Math.Abs(b.TimeNs - p) <= ToleranceNs), "every beat of the first batches is found too");
        beats.Select(b => b.TimeNs).Should().BeInAscendingOrder();
    }

    [Fact]
    public async Task A_first_batch_whose_predecessors_never_come_is_analysed_after_the_reorder_wait()
    {
        var start = 1_800_000_000_000_000_000L;
        var recorder = TestEcg.Recorder("ecg-alone", "cons-alone", start, leads: 1, rate: 250, chunkSamples: 125, firstSeq: 50);
        var batches = TestEcg.Batches(recorder, 24);

        // Batches 50 and 51 never reach the analysis (stored but, say, before a gateway restart): the stream starts at 52.
        var results = await AnalyseAsync(batches.Skip(2).ToList(), TimeSpan.FromMilliseconds(200));

        results.SelectMany(r => r.NotAnalysed).Should().NotContain(s => s.Reason == NotAnalysedSpan.OutOfOrder || s.Reason == NotAnalysedSpan.Gap);
        var beats = results.SelectMany(r => r.Beats).ToList();
        beats.Should().OnlyContain(b => b.TimeNs >= start + 1_000_000_000, "the stream starts with the first batch that came");
        var peaks = recorder.Signal.RPeakTimes.Select(t => start + (long)Math.Round(t * 1e9)).Where(p => p >= start + 1_200_000_000 && p < start + 11_000_000_000).ToList();
        peaks.Should().OnlyContain(p => beats.Any(b => Math.Abs(b.TimeNs - p) <= ToleranceNs));
    }

    // The real worker and queue; results collected until the analysis has covered the last batch.
    private static async Task<List<AnalysisResult>> AnalyseAsync(IReadOnlyList<ReadingBatch> order, TimeSpan reorderWait)
    {
        var options = Options.Create(new AnalysisServiceOptions { AfModelPath = string.Empty, BeatModelPath = string.Empty, RateIntervals = 4, ReorderWait = reorderWait });
        using var status = new AnalysisStatus();
        var queue = new AnalysisQueue(options, status, NullLogger<AnalysisQueue>.Instance);
        var listener = new CollectingListener();
        using var worker = new AnalysisWorker(queue, [listener], status, options, new AfModel(options), new BeatModel(options),
            Options.Create(new TriageOptions()), Options.Create(new RhythmProposerOptions()), TimeProvider.System, NullLogger<AnalysisWorker>.Instance);
        await worker.StartAsync(CancellationToken.None);
        try
        {
            foreach (var batch in order)
            {
                queue.OnAccepted(batch);
            }

            var lastEnd = order.Max(b => b.Waveforms[0].StartTimeNs) + 500_000_000;
            await Eventually.UntilAsync(() => listener.Results.Any(r => r.ToNs >= lastEnd), TimeSpan.FromSeconds(10), "the last batch analysed");
            return [.. listener.Results];
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }

    private sealed class CollectingListener : IAnalysisResultListener
    {
        public System.Collections.Concurrent.ConcurrentQueue<AnalysisResult> Results { get; } = new();

        public ValueTask OnAnalysedAsync(AnalysisResult result, CancellationToken cancellationToken)
        {
            Results.Enqueue(result);
            return ValueTask.CompletedTask;
        }
    }
}
