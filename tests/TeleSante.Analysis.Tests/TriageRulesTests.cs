using TeleSante.Analysis.Rhythms;
using TeleSante.Analysis.Triage;
using E = TeleSante.Analysis.Rhythms.RhythmStatementEvidence;

namespace TeleSante.Analysis.Tests;

/// <summary>Each suggested-urgent rule of issue 12 on each side of its limit, and the whole chain on beats.</summary>
public sealed class TriageRulesTests
{
    private static readonly TriageRules Rules = new();

    [Theory]
    [InlineData(110.0, false)] // "mean HR > 110": 110 is not
    [InlineData(110.1, true)]
    [InlineData(95, false)]
    [InlineData(140, true)]
    public void Af_is_urgent_above_110_bpm(double bpm, bool urgent)
    {
        var af = Episode(RhythmStatementCode.AtrialFibrillationSuspected, bpm);

        var assessment = Rules.Assess([af]);

        assessment.SuggestedUrgent.Should().Be(urgent);
        if (urgent)
        {
            var finding = assessment.Findings.Should().ContainSingle().Subject;
            finding.Rule.Should().Be(TriageRule.AfFastVentricularResponse);
            finding.StartSeconds.Should().Be(af.StartSeconds);
            finding.EndSeconds.Should().Be(af.EndSeconds);
            finding.Evidence.Should().Contain(e => e.Name == E.VentricularRateBpm && e.Value == bpm);
            finding.Description.Should().Contain("limit 110 bpm");
        }
    }

    [Fact]
    public void The_af_rate_limit_is_configurable()
    {
        var af = Episode(RhythmStatementCode.AtrialFibrillationSuspected, 105);

        new TriageRules(new TriageOptions { AfFastVentricularResponseAboveBpm = 100 }).Assess([af]).SuggestedUrgent.Should().BeTrue();
        Rules.Assess([af]).SuggestedUrgent.Should().BeFalse();
    }

    [Theory]
    [InlineData(3.0, false)] // "pause > 3 s"
    [InlineData(3.01, true)]
    [InlineData(2.5, false)]
    public void A_pause_is_urgent_above_3_s(double seconds, bool urgent)
    {
        var pause = new RhythmStatement(RhythmStatementCode.Pause, 41.2, 41.2 + seconds, [new(E.PauseSeconds, seconds, "s")]);

        var assessment = Rules.Assess([pause]);

        assessment.SuggestedUrgent.Should().Be(urgent);
        if (urgent)
        {
            var finding = assessment.Findings.Should().ContainSingle().Subject;
            finding.Rule.Should().Be(TriageRule.LongPause);
            finding.StartSeconds.Should().Be(41.2);
            finding.Description.Should().Be("Pause of 3.01 s (limit 3 s)");
        }
    }

    [Theory]
    [InlineData("sinus-bradycardia", 40, null)] // "HR < 40"
    [InlineData("sinus-bradycardia", 39.9, TriageRule.Bradycardia)]
    [InlineData("atrial-fibrillation-suspected", 38, TriageRule.Bradycardia)]
    [InlineData("sinus-tachycardia", 150, null)] // "HR > 150"
    [InlineData("sinus-tachycardia", 150.1, TriageRule.Tachycardia)]
    [InlineData("sinus-rhythm", 75, null)]
    public void A_rhythm_episode_is_urgent_below_40_or_above_150_bpm(string code, double bpm, TriageRule? rule)
    {
        var statement = Episode(RhythmStatementCode.All.Single(c => c.Code == code), bpm);

        var findings = Rules.Assess([statement]).Findings.Where(f => f.Rule is TriageRule.Bradycardia or TriageRule.Tachycardia).ToList();

        if (rule is null)
        {
            findings.Should().BeEmpty();
        }
        else
        {
            findings.Should().ContainSingle().Which.Rule.Should().Be(rule);
        }
    }

    [Fact]
    public void Fast_af_above_150_is_both_a_fast_ventricular_response_and_a_tachycardia()
    {
        var assessment = Rules.Assess([Episode(RhythmStatementCode.AtrialFibrillationSuspected, 160)]);

        assessment.Findings.Select(f => f.Rule).Should().BeEquivalentTo([TriageRule.AfFastVentricularResponse, TriageRule.Tachycardia]);
    }

    [Fact]
    public void A_ventricular_run_rate_is_not_an_episode_heart_rate()
    {
        // A 3-beat salvo at 170 bpm is a statement for the cardiologist, not the "HR > 150" rule.
        var run = Episode(RhythmStatementCode.VentricularRun, 170);

        Rules.Assess([run]).SuggestedUrgent.Should().BeFalse();
    }

    [Fact]
    public void Wide_qrs_tachycardia_is_urgent_with_its_qrs_and_rate()
    {
        var wide = new RhythmStatement(RhythmStatementCode.WideQrsTachycardia, 12, 15,
            [new(E.Beats, 8, "{beats}"), new(E.VentricularRateBpm, 140, "/min"), new(E.MeanQrsMs, 150, "ms")]);

        var assessment = Rules.Assess([wide]);

        var finding = assessment.Findings.Should().ContainSingle().Subject;
        finding.Rule.Should().Be(TriageRule.WideQrsTachycardia);
        finding.Description.Should().Be("Wide-QRS tachycardia at 140 bpm, QRS 150 ms");
        new TriageRules(new TriageOptions { WideQrsTachycardiaIsUrgent = false }).Assess([wide]).SuggestedUrgent.Should().BeFalse();
    }

    [Fact]
    public void Nothing_urgent_in_a_plain_sinus_rhythm_with_ectopy()
    {
        var statements = new[]
        {
            Episode(RhythmStatementCode.SinusRhythm, 72),
            Episode(RhythmStatementCode.VentricularPrematureBeats, 72),
            new RhythmStatement(RhythmStatementCode.Pause, 30, 32.4, [new(E.PauseSeconds, 2.4, "s")]),
        };

        var assessment = Rules.Assess(statements);

        assessment.SuggestedUrgent.Should().BeFalse();
        assessment.Findings.Should().BeEmpty();
    }

    [Fact]
    public void Findings_from_proposed_statements_are_in_time_order_with_their_times()
    {
        // Sinus at 75 bpm, a 3.5 s pause at about 20 s, then 30 s of sinus at 36 bpm.
        var beats = new List<RhythmProposerBeat>();
        var t = 0.0;
        beats.Add(new(t, null, BeatClass.N));
        while (t < 20)
        {
            t += 0.8;
            beats.Add(new(t, 0.8, BeatClass.N));
        }

        var pauseStart = t;
        t += 3.5;
        beats.Add(new(t, 3.5, BeatClass.N));
        while (t < 60)
        {
            t += 60 / 36.0;
            beats.Add(new(t, 60 / 36.0, BeatClass.N));
        }

        var assessment = Rules.Assess(new RhythmProposer().Propose(beats, [], []));

        assessment.SuggestedUrgent.Should().BeTrue();
        assessment.Findings.Select(f => f.Rule).Should().Equal(TriageRule.LongPause, TriageRule.Bradycardia);
        assessment.Findings[0].StartSeconds.Should().Be(pauseStart);
        assessment.Findings[1].Statement.Code.Should().Be(RhythmStatementCode.SinusBradycardia);
        assessment.Findings[1].Evidence.Should().Contain(e => e.Name == E.VentricularRateBpm && e.Value < 40);
    }

    [Fact]
    public void Options_out_of_range_are_refused()
    {
        var pause = () => new TriageRules(new TriageOptions { PauseLongerThanSeconds = 0 });
        var slow = () => new TriageRules(new TriageOptions { BradycardiaBelowBpm = 70 });
        var af = () => new TriageRules(new TriageOptions { AfFastVentricularResponseAboveBpm = double.NaN });

        pause.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(nameof(TriageOptions.PauseLongerThanSeconds));
        slow.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(nameof(TriageOptions.BradycardiaBelowBpm));
        af.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(nameof(TriageOptions.AfFastVentricularResponseAboveBpm));
    }

    private static RhythmStatement Episode(RhythmStatementCode code, double bpm) =>
        new(code, 10, 40, [new(E.Beats, 30 * bpm / 60, "{beats}"), new(E.VentricularRateBpm, bpm, "/min")]);
}
