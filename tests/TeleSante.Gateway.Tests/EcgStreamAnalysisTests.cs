using Xunit.Abstractions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TeleSante.Analysis;
using TeleSante.Analysis.Ml;
using TeleSante.Analysis.Service;
using TeleSante.Analysis.Service.Internal;
using TeleSante.Contracts.V1;
using TeleSante.Gateway.Tests.Infrastructure;
using TeleSante.Signal.Synthesis;
using TeleSante.Testing;

namespace TeleSante.Gateway.Tests;

/// <summary>The per-stream analysis behind the ack (issue 12): gaps, late batches and a full queue are said, never
/// silently missing, and RR never spans a hole. Synthetic 1-lead 250 Hz ECG with known R peaks.</summary>
public sealed class EcgStreamAnalysisTests(ITestOutputHelper output)
{
    private const long ToleranceNs = 40_000_000;
    private static readonly AnalysisServiceOptions Options = new() { AfModelPath = string.Empty, RateIntervals = 4 };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_gap_in_the_samples_is_reported_over_the_hole_and_no_rr_or_rate_spans_it(bool classified)
    {
        var start = 1_800_000_000_000_000_000L;
        var recorder = TestEcg.Recorder("ecg-gap", "cons-gap", start, leads: 1, rate: 250, chunkSamples: 125);
        var batches = TestEcg.Batches(recorder, 40); // 20 s
        var analyser = NewAnalyser(batches[0], classified ? BeatModel.Value : null);
        var results = new List<AnalysisResult>();
        foreach (var batch in batches.Where((_, i) => i is < 16 or >= 20)) // 8 s to 10 s never arrive
        {
            results.Add(analyser.Analyse(Ecg(batch), out _));
        }

        results.Add(analyser.Finish());
        var holeFrom = start + 8_000_000_000;
        var holeTo = start + 10_000_000_000;
        results.SelectMany(r => r.NotAnalysed).Should().ContainSingle(s => s.Reason == NotAnalysedSpan.Gap)
            .Which.Should().Be(new NotAnalysedSpan(holeFrom, holeTo, NotAnalysedSpan.Gap, 0));
        var beats = results.SelectMany(r => r.Beats).ToList();
        beats.First(b => b.TimeNs >= holeTo).RrMs.Should().BeNull("RR restarts after a gap, as the detector's own gap handling");
        beats.Should().OnlyContain(b => b.TimeNs < holeFrom || b.TimeNs >= holeTo);
        results.Where(r => r.Rate is not null).Should().OnlyContain(r => r.Rate!.Value.ToNs < holeFrom || r.Rate!.Value.FromNs >= holeTo);

        var peaks = recorder.Signal.RPeakTimes.Select(t => start + (long)Math.Round(t * 1e9)).ToList();
        beats.Should().OnlyContain(b => peaks.Any(p => Math.Abs(p - b.TimeNs) <= ToleranceNs), "every beat is one of the generator's");
        peaks.Where(p => p < holeFrom - 300_000_000 || (p >= holeTo && p < start + 19_500_000_000)).Should()
            .OnlyContain(p => beats.Any(b => Math.Abs(p - b.TimeNs) <= ToleranceNs), "every generated beat outside the hole is found");
    }

    [Fact]
    public void A_batch_older_than_what_was_analysed_is_reported_out_of_order_and_not_analysed_again()
    {
        var start = 1_800_000_000_000_000_000L;
        var recorder = TestEcg.Recorder("ecg-late", "cons-late", start, leads: 1, rate: 250, chunkSamples: 125);
        var batches = TestEcg.Batches(recorder, 20);
        var analyser = NewAnalyser(batches[0]);
        foreach (var batch in batches)
        {
            analyser.Analyse(Ecg(batch), out _);
        }

        var late = analyser.Analyse(Ecg(batches[10]), out var gap);
        gap.Should().BeFalse();
        late.Beats.Should().BeEmpty();
        late.NotAnalysed.Should().Equal(new NotAnalysedSpan(start + 5_000_000_000, start + 5_500_000_000, NotAnalysedSpan.OutOfOrder, 0));
    }

    [Fact]
    public void A_batch_that_finds_the_queue_full_is_counted_and_its_span_kept_for_a_not_analysed_segment()
    {
        using var status = new AnalysisStatus();
        var queue = new AnalysisQueue(Microsoft.Extensions.Options.Options.Create(new AnalysisServiceOptions { QueueCapacity = 16, AfModelPath = string.Empty }), status, NullLogger<AnalysisQueue>.Instance);
        var start = 1_800_000_000_000_000_000L;
        var batches = TestEcg.Batches(TestEcg.Recorder("ecg-full", "cons-full", start, leads: 1, rate: 250, chunkSamples: 125), 20);
        foreach (var batch in batches)
        {
            queue.OnAccepted(batch); // nobody reads: the first 16 fill the queue
        }

        status.Queued.Should().Be(16);
        status.BatchesSkipped.Should().Be(4);
        queue.TryTakeSkipped(new StreamKey("cons-full", "ecg-full"), out var from, out var to).Should().BeTrue();
        (from, to).Should().Be((start + 8_000_000_000, start + 10_000_000_000), "the four skipped batches' signal");
        queue.TryTakeSkipped(new StreamKey("cons-full", "ecg-full"), out _, out _).Should().BeFalse("taken once");
    }

    [Theory]
    [InlineData(1, 250)]
    [InlineData(2, 500)]
    [InlineData(12, 500)]
    public void Classified_beats_come_out_with_the_generated_classes_within_two_seconds_of_their_peak(int leads, double rate)
    {
        var start = 1_800_000_000_000_000_000L;
        var recorder = TestEcg.Recorder("ecg-classes", "cons-classes", start, leads, rate, chunkSamples: (int)(rate / 2), signal: TestEcg.Ectopy(rate));
        var batches = TestEcg.Batches(recorder, 240); // 120 s
        var analyser = NewAnalyser(batches[0], BeatModel.Value);
        var beats = new List<AnalysedBeat>();
        foreach (var batch in batches)
        {
            var result = analyser.Analyse(Ecg(batch), out _);
            beats.AddRange(result.Beats);
            foreach (var beat in result.Beats)
            {
                (result.ToNs - beat.TimeNs).Should().BeLessThan(3_000_000_000, "a beat is reported once the next one is detected and its second judged");
            }
        }

        beats.AddRange(analyser.Finish().Beats);
        var truth = Truth(recorder.Signal, start);
        var score = ClassScore.Of(truth, beats, ToleranceNs);
        output.WriteLine($"{leads} lead(s) {rate} Hz: {score}");
        score.Sensitivity(BeatClass.V).Should().BeGreaterThanOrEqualTo(0.9, score.ToString());
        score.PositivePredictivity(BeatClass.V).Should().BeGreaterThanOrEqualTo(0.9, score.ToString());
        score.Sensitivity(BeatClass.S).Should().BeGreaterThanOrEqualTo(0.6, score.ToString());
        score.PositivePredictivity(BeatClass.S).Should().BeGreaterThanOrEqualTo(0.6, score.ToString());
        score.Sensitivity(BeatClass.N).Should().BeGreaterThanOrEqualTo(0.95, score.ToString());
    }

    internal static readonly Lazy<BeatClassifier> BeatModel = new(() => BeatClassifier.Load(Path.Combine(RepositoryPaths.Root, "models", "beats", "beat-model.zip")));

    /// <summary>The generator's beats (time, EC57 class).</summary>
    internal static List<(long TimeNs, BeatClass Class)> Truth(SyntheticEcg signal, long startNs) =>
        [.. signal.RPeakTimes.Select((t, i) => (startNs + (long)Math.Round(t * 1e9), BeatCorpus.ClassOf(signal.BeatKinds[i])))];

    private static StreamAnalyser NewAnalyser(ReadingBatch first, BeatClassifier? classifier = null) =>
        new(first.SessionId, first.DeviceId, first.Waveforms[0].SampleRateHz, [.. first.Waveforms[0].Channels.Select(c => c.MdcCode)], Options, af: null, classifier);

    private static EcgChunk Ecg(ReadingBatch batch) => new(batch.Waveforms[0], [.. batch.Waveforms[0].Channels]);
}
