using Xunit.Abstractions;
using TeleSante.Analysis.Rhythms;
using TeleSante.Analysis.Service;
using TeleSante.Analysis.Service.Internal;
using TeleSante.Contracts.V1;
using TeleSante.Signal.Synthesis;
using TeleSante.Testing;

namespace TeleSante.Gateway.Tests;

/// <summary>Issue 12: a suggested-urgent statement (here wide-QRS tachycardia) does not wait for its rhythm block
/// (60 s) to close: it is proposed after about <see cref="AnalysisServiceOptions.UrgentStatementDelaySeconds"/> of
/// evidence, provisional, updated as it grows and confirmed by the block's statement, all under one id (one point in the
/// store). Time is the stream's: what the analyser had been given when the statement came out.</summary>
public sealed class UrgentStatementStreamTests(ITestOutputHelper output)
{
    private const double BatchSeconds = 0.5;

    [Theory]
    [InlineData(12, 500, 10)]
    [InlineData(1, 250, 5)]
    public void Wide_QRS_tachycardia_is_proposed_after_the_urgent_delay_not_when_its_block_closes_and_stays_one_statement(int leads, double rate, int delay)
    {
        var start = 1_800_000_000_000_000_000L;
        var signal = new SyntheticEcgOptions { SampleRateHz = rate, HeartRateBpm = 140, Rhythm = Rhythm.VentricularTachycardia, BaselineWanderMv = 0.05, MainsMv = 0.01, MuscleNoiseMv = 0.005, Seed = 21 };
        var recorder = TestEcg.Recorder("ecg-urgent", "cons-urgent", start, leads, rate, chunkSamples: (int)(rate * BatchSeconds), signal: signal);
        var batches = TestEcg.Batches(recorder, 80); // 40 s: within one 60 s block
        var first = batches[0].Waveforms[0];
        var analyser = new StreamAnalyser(batches[0].SessionId, batches[0].DeviceId, first.SampleRateHz, [.. first.Channels.Select(c => c.MdcCode)],
            new AnalysisServiceOptions { AfModelPath = string.Empty, RhythmBlockSeconds = 60, UrgentStatementDelaySeconds = delay }, af: null, EcgStreamAnalysisTests.BeatModel.Value);

        var received = new List<(double SentSeconds, ProposedRhythmStatement Statement)>();
        for (var i = 0; i < batches.Count; i++)
        {
            var result = analyser.Analyse(new EcgChunk(batches[i].Waveforms[0], [.. batches[i].Waveforms[0].Channels]), out _);
            received.AddRange(result.Statements.Select(s => ((i + 1) * BatchSeconds, s)));
        }

        received.AddRange(analyser.Finish().Statements.Select(s => (batches.Count * BatchSeconds, s)));
        foreach (var (sent, s) in received)
        {
            output.WriteLine($"after {sent:0.0} s sent: {s.Code} {(s.StartNs - start) / 1e9:0.0}-{(s.EndNs - start) / 1e9:0.0} s provisional={s.Provisional} id={s.Id}");
        }

        var wide = received.Where(r => r.Statement.Code == RhythmStatementCode.WideQrsTachycardia.Code).ToList();
        wide.Should().Contain(w => w.Statement.Provisional);
        var earliest = wide.First(w => w.Statement.Provisional);
        // Reported once `delay` s of the episode are in: the beats reach the proposer about a second after their peak
        // (next beat, noise judgement) and the block is looked at every second of stream time; its block (60 s) had not closed.
        var episodeStart = (earliest.Statement.StartNs - start) / 1e9;
        earliest.SentSeconds.Should().BeLessThanOrEqualTo(episodeStart + delay + 4, "proposed after about the urgent delay of tachycardia");
        ((earliest.Statement.EndNs - earliest.Statement.StartNs) / 1e9).Should().BeGreaterThanOrEqualTo(delay);
        earliest.SentSeconds.Should().BeLessThan(batches.Count * BatchSeconds, "before the stream ended and its block closed");

        // Provisional, updated, confirmed: one statement per id, each version extending the last, the confirmation last.
        foreach (var episode in wide.GroupBy(w => w.Statement.Id))
        {
            var versions = episode.Select(w => w.Statement).ToList();
            versions.Select(v => v.EndNs).Should().BeInAscendingOrder();
            versions.Count(v => !v.Provisional).Should().Be(1, "the block confirms {0} once", episode.Key);
            versions[^1].Provisional.Should().BeFalse();
        }

        wide.Select(w => w.Statement.Id).Distinct().Should().HaveCount(wide.Count(w => !w.Statement.Provisional), "no provisional statement is left beside its confirmation");
        ((wide.Where(w => !w.Statement.Provisional).Max(w => w.Statement.EndNs) - start) / 1e9).Should().BeGreaterThan(35, "the tachycardia is covered to its end");
    }
}
