using Xunit.Abstractions;
using TeleSante.Analysis.Rhythms;
using TeleSante.Analysis.Service;
using TeleSante.Analysis.Triage;
using TeleSante.Signal.Synthesis;

namespace TeleSante.Gateway.Tests;

/// <summary>Issue 12: a suggested-urgent statement (here wide-QRS tachycardia) does not wait for its rhythm block
/// (60 s) to close: it is proposed after about <see cref="AnalysisServiceOptions.UrgentStatementDelaySeconds"/> of
/// evidence, provisional, updated as it grows and then confirmed by the block's statement or withdrawn, all under one id
/// (one point in the store): never left provisional. Which statements are urgent is the configured triage's call. Time
/// is the stream's: what the analyser had been given when the statement came out.</summary>
public sealed class UrgentStatementStreamTests(ITestOutputHelper output)
{
    private static readonly SyntheticEcgOptions Vt = new() { HeartRateBpm = 140, Rhythm = Rhythm.VentricularTachycardia, BaselineWanderMv = 0.05, MainsMv = 0.01, MuscleNoiseMv = 0.005, Seed = 21 };

    [Theory]
    [InlineData(12, 500, 10)]
    [InlineData(1, 250, 5)]
    public void Wide_QRS_tachycardia_is_proposed_after_the_urgent_delay_not_when_its_block_closes_and_stays_one_statement(int leads, double rate, int delay)
    {
        // 40 s: within one 60 s block, which only the end of the stream closes.
        var stream = StatementStream.Create(leads, rate, Vt, 40, new AnalysisServiceOptions { AfModelPath = string.Empty, RhythmBlockSeconds = 60, UrgentStatementDelaySeconds = delay })
            .Analyse().Finish();
        Log(stream);

        var wide = stream.Of(RhythmStatementCode.WideQrsTachycardia);
        wide.Should().Contain(w => w.Statement.Provisional);
        var earliest = wide.First(w => w.Statement.Provisional);
        // Reported once `delay` s of the episode are in: the beats reach the proposer about a second after their peak
        // (next beat, noise judgement) and the block is looked at every second of stream time; its block (60 s) had not closed.
        var episodeStart = StatementStream.Seconds(earliest.Statement.StartNs);
        earliest.SentSeconds.Should().BeLessThanOrEqualTo(episodeStart + delay + 4, "proposed after about the urgent delay of tachycardia");
        ((earliest.Statement.EndNs - earliest.Statement.StartNs) / 1e9).Should().BeGreaterThanOrEqualTo(delay);
        earliest.SentSeconds.Should().BeLessThan(stream.AnalysedSeconds, "before the stream ended and its block closed");

        // Provisional, updated, confirmed: one statement per id, each version extending the last, the confirmation last.
        foreach (var episode in wide.GroupBy(w => w.Statement.Id))
        {
            var versions = episode.Select(w => w.Statement).ToList();
            versions.Select(v => v.EndNs).Should().BeInAscendingOrder();
            versions.Count(v => !v.Provisional).Should().Be(1, "the block confirms {0} once", episode.Key);
            versions[^1].Status.Should().Be("confirmed", "the evidence of the whole block supports it");
        }

        wide.Select(w => w.Statement.Id).Distinct().Should().HaveCount(wide.Count(w => !w.Statement.Provisional), "no provisional statement is left beside its confirmation");
        (StatementStream.Seconds(wide.Where(w => !w.Statement.Provisional).Max(w => w.Statement.EndNs))).Should().BeGreaterThan(35, "the tachycardia is covered to its end");
    }

    [Fact]
    public void A_stream_that_ends_before_its_block_closes_leaves_no_statement_provisional()
    {
        // 15 s of VT in a 60 s block: sent early (5 s), then the stream ends; its block is closed on the evidence it has.
        var stream = StatementStream.Create(1, 250, Vt, 15, new AnalysisServiceOptions { AfModelPath = string.Empty, RhythmBlockSeconds = 60, UrgentStatementDelaySeconds = 5 })
            .Analyse();
        stream.Latest().Should().Contain(s => s.Provisional, "sent before the end of the stream");
        stream.Finish();
        Log(stream);

        stream.Latest().Should().NotContain(s => s.Provisional).And.Contain(s => s.Code == RhythmStatementCode.WideQrsTachycardia.Code && s.Status == "confirmed");
    }

    [Fact]
    public void Provisional_statements_are_withdrawn_with_their_time_and_reason_when_the_analysis_of_their_stream_fails()
    {
        var stream = StatementStream.Create(1, 250, Vt, 20, new AnalysisServiceOptions { AfModelPath = string.Empty, RhythmBlockSeconds = 60, UrgentStatementDelaySeconds = 5 })
            .Analyse();
        var provisional = stream.Latest().Where(s => s.Provisional).ToList();
        provisional.Should().NotBeEmpty();

        var endNs = StatementStream.StartNs + 20_000_000_000;
        var abandoned = stream.Analyser.Abandon(endNs - 500_000_000, endNs);
        foreach (var s in abandoned.Statements)
        {
            output.WriteLine(StatementStream.Text(s));
        }

        abandoned.Beats.Should().BeEmpty("a failed chunk's beats are not reported");
        abandoned.Statements.Select(s => s.Id).Should().BeEquivalentTo(provisional.Select(p => p.Id), "each provisional statement once more, same id, same point");
        foreach (var s in abandoned.Statements)
        {
            var was = provisional.Single(p => p.Id == s.Id);
            s.Provisional.Should().BeFalse();
            s.Status.Should().Be("withdrawn");
            s.WithdrawnReason.Should().Be(ProposedRhythmStatement.AnalysisFailed);
            s.WithdrawnNs.Should().Be(endNs);
            (s.StartNs, s.EndNs).Should().Be((was.StartNs, was.EndNs), "what was said, said to be withdrawn");
            s.Evidence.Should().BeEquivalentTo(was.Evidence);
        }
    }

    [Fact]
    public void The_configured_tachycardia_limit_decides_whether_a_sinus_tachycardia_is_sent_early()
    {
        var sinus140 = new SyntheticEcgOptions { HeartRateBpm = 140, BaselineWanderMv = 0.05, MainsMv = 0.01, MuscleNoiseMv = 0.005, Seed = 5 };
        var options = new AnalysisServiceOptions { AfModelPath = string.Empty, RhythmBlockSeconds = 60, UrgentStatementDelaySeconds = 5 };

        // The default limit (150/min): 140/min is not urgent and waits for its block (here the end of the stream).
        var byDefault = StatementStream.Create(1, 250, sinus140, 20, options).Analyse();
        byDefault.Statements.Should().BeEmpty("nothing urgent before the block closes");

        // A site that calls a rhythm over 120/min urgent: the same stream's sinus tachycardia goes out early.
        var configured = StatementStream.Create(1, 250, sinus140, 20, options, new TriageRules(new TriageOptions { TachycardiaAboveBpm = 120 })).Analyse();
        Log(configured);
        var early = configured.Of(RhythmStatementCode.SinusTachycardia);
        early.Should().NotBeEmpty().And.OnlyContain(s => s.Statement.Provisional);
        early[0].SentSeconds.Should().BeLessThan(15);
        configured.Finish().Latest().Should().NotContain(s => s.Provisional);
    }

    private void Log(StatementStream stream)
    {
        foreach (var (sent, s) in stream.Statements)
        {
            output.WriteLine($"after {sent:0.0} s sent: {StatementStream.Text(s)}");
        }
    }
}
