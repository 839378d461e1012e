using TeleSante.Analysis.Rhythms;
using E = TeleSante.Analysis.Rhythms.RhythmStatementEvidence;

namespace TeleSante.Analysis.Tests;

/// <summary>Rhythm statements on constructed beat sequences whose right answer is known by construction.</summary>
public sealed class RhythmProposerTests
{
    private static readonly RhythmProposer Proposer = new();

    public static TheoryData<double, string> RateCases => new()
    {
        { 45, "sinus-bradycardia" },
        { 59.5, "sinus-bradycardia" },
        { 60, "sinus-rhythm" },
        { 75, "sinus-rhythm" },
        { 100, "sinus-rhythm" },
        { 100.5, "sinus-tachycardia" },
        { 130, "sinus-tachycardia" },
    };

    [Theory]
    [MemberData(nameof(RateCases))]
    public void A_regular_rhythm_gets_one_statement_named_by_its_rate(double bpm, string expected)
    {
        var beats = Regular(bpm, 0, 60);

        var statements = Proposer.Propose(beats, [], []);

        var statement = statements.Should().ContainSingle().Subject;
        statement.Code.Code.Should().Be(expected);
        statement.StartSeconds.Should().Be(beats[0].Seconds);
        statement.EndSeconds.Should().Be(beats[^1].Seconds);
        statement.Find(E.SinusRateBpm).Should().BeApproximately(bpm, 1e-6);
        statement.Find(E.VentricularRateBpm).Should().BeApproximately(bpm, 1e-6);
        statement.Find(E.Beats).Should().Be(beats.Count);
        statement.Find(E.AfWindowsAssessed).Should().Be(0, "no AF classifier ran: the statement says so");
    }

    [Fact]
    public void A_change_of_rate_splits_the_rhythm_into_episodes_at_the_change()
    {
        var beats = Regular(50, 0, 30);
        beats.AddRange(Regular(80, beats[^1].Seconds + 0.75, 30, first: false));

        var statements = Proposer.Propose(beats, [], []);

        statements.Select(s => s.Code.Code).Should().Equal("sinus-bradycardia", "sinus-rhythm");
        // The trailing median of 8 cycles switches within 4 cycles of the change (at 30 s).
        statements[0].EndSeconds.Should().BeInRange(30, 33);
        statements[1].StartSeconds.Should().Be(statements[0].EndSeconds);
        statements[0].Find(E.SinusRateBpm).Should().BeApproximately(50, 1);
        statements[1].Find(E.SinusRateBpm).Should().BeApproximately(80, 1);
    }

    [Fact]
    public void A_burst_shorter_than_the_minimum_episode_is_not_a_statement_of_its_own()
    {
        var beats = Regular(75, 0, 30);
        beats.AddRange(Regular(110, beats[^1].Seconds + 0.55, 5, first: false));
        beats.AddRange(Regular(75, beats[^1].Seconds + 0.8, 30, first: false));

        var statements = Proposer.Propose(beats, [], []);

        statements.Should().ContainSingle().Which.Code.Should().Be(RhythmStatementCode.SinusRhythm);
    }

    [Theory]
    [InlineData(2.5, true)]
    [InlineData(2.0, false)] // "pauses > 2 s": exactly 2 s is not one
    [InlineData(4.2, true)]
    public void A_pause_is_reported_with_its_time_and_length(double pause, bool reported)
    {
        var beats = Regular(75, 0, 20);
        var at = beats[^1].Seconds;
        beats.AddRange(Regular(75, at + pause, 20, first: false));

        var pauses = Proposer.Propose(beats, [], []).Where(s => s.Code == RhythmStatementCode.Pause).ToList();

        if (reported)
        {
            var statement = pauses.Should().ContainSingle().Subject;
            statement.StartSeconds.Should().Be(at);
            statement.EndSeconds.Should().BeApproximately(at + pause, 1e-9);
            statement.Find(E.PauseSeconds).Should().BeApproximately(pause, 1e-9);
        }
        else
        {
            pauses.Should().BeEmpty();
        }
    }

    [Fact]
    public void Af_windows_make_an_episode_and_the_rest_stays_sinus()
    {
        var random = new Random(7);
        var beats = Regular(70, 0, 30);
        var t = beats[^1].Seconds;
        while (t < 90)
        {
            t += 0.5 * (0.6 + (0.8 * random.NextDouble())); // about 120 bpm, irregularly irregular
            beats.Add(new RhythmProposerBeat(t, 0.1, BeatClass.N));
        }

        beats.AddRange(Regular(70, t + 0.85, 30, first: false));
        var windows = new List<RhythmProposerAfWindow>
        {
            new(0, 15, false, 0.95), new(15, 29.9, false, 0.93),
            new(31, 45, true, 0.1), new(45.5, 60, true, 0.2), new(60.5, 75, true, 0.15), new(75.5, 89.9, true, 0.05),
            new(91, 105, false, 0.9), new(105.5, 119, false, 0.92),
        };

        var statements = Proposer.Propose(beats, windows, []);

        statements.Select(s => s.Code.Code).Should().Equal("sinus-rhythm", "atrial-fibrillation-suspected", "sinus-rhythm");
        var af = statements[1];
        af.StartSeconds.Should().BeInRange(30.9, 31.8);
        af.EndSeconds.Should().BeInRange(89.2, 89.9);
        af.Find(E.AfWindowsSuspected).Should().Be(4);
        af.Find(E.PWaveCorrelation).Should().BeApproximately(0.125, 1e-9);
        af.Find(E.VentricularRateBpm).Should().BeInRange(110, 130);
        af.Find(E.RrCoefficientOfVariation).Should().BeGreaterThan(0.15, "irregularly irregular");
        statements[0].Find(E.PWaveCorrelation).Should().BeApproximately(0.94, 1e-9);
        statements[0].Find(E.AfWindowsSuspected).Should().Be(0);
    }

    [Fact]
    public void Bigeminy_is_reported_with_its_cycles_and_keeps_the_sinus_rate()
    {
        // 75 bpm sinus; from 20 s to 50 s every second beat is a PVC at 65 % of the cycle with a compensatory pause.
        var beats = new List<RhythmProposerBeat>();
        var t = 0.0;
        var n = 0;
        while (t < 70)
        {
            var bigeminy = t is > 20 and < 50;
            var pvc = bigeminy && n % 2 == 1;
            var rr = pvc ? 0.8 * 0.65 : bigeminy && n % 2 == 0 && beats[^1].Class == BeatClass.V ? 0.8 * 1.35 : 0.8;
            t += rr;
            beats.Add(new RhythmProposerBeat(t, n == 0 ? null : rr, pvc ? BeatClass.V : BeatClass.N));
            n++;
        }

        var statements = Proposer.Propose(beats, [], []);

        var pvcs = beats.Count(b => b.Class == BeatClass.V);
        var bigeminyStatement = statements.Should().ContainSingle(s => s.Code == RhythmStatementCode.VentricularBigeminy).Subject;
        bigeminyStatement.Find(E.BigeminyCycles).Should().Be(pvcs);
        bigeminyStatement.StartSeconds.Should().BeInRange(20, 21);
        bigeminyStatement.EndSeconds.Should().BeInRange(49, 51);
        var summary = statements.Should().ContainSingle(s => s.Code == RhythmStatementCode.VentricularPrematureBeats).Subject;
        summary.Find(E.VentricularBeats).Should().Be(pvcs);
        summary.Find(E.IsolatedVentricularBeats).Should().Be(pvcs);
        summary.Find(E.Couplets).Should().Be(0);
        summary.Find(E.BigeminyEpisodes).Should().Be(1);
        var sinus = statements.Should().ContainSingle(s => s.Code == RhythmStatementCode.SinusRhythm).Subject;
        sinus.Find(E.SinusRateBpm).Should().BeApproximately(75, 0.5, "a compensatory pause holds two sinus cycles");
    }

    [Fact]
    public void Couplets_and_runs_are_counted_and_each_has_its_time()
    {
        // Sinus at 75 with a couplet at beat 20, a run of 4 at beat 50, a single PVC at beat 80.
        var classes = Enumerable.Range(0, 100).Select(i => i is 20 or 21 or >= 50 and <= 53 or 80 ? BeatClass.V : BeatClass.N).ToArray();
        var beats = classes.Select((c, i) => new RhythmProposerBeat(i * 0.8, i == 0 ? null : 0.8, c)).ToList();

        var statements = Proposer.Propose(beats, [], []);

        var couplet = statements.Should().ContainSingle(s => s.Code == RhythmStatementCode.VentricularCouplet).Subject;
        couplet.StartSeconds.Should().Be(20 * 0.8);
        couplet.EndSeconds.Should().Be(21 * 0.8);
        var run = statements.Should().ContainSingle(s => s.Code == RhythmStatementCode.VentricularRun).Subject;
        run.StartSeconds.Should().Be(50 * 0.8);
        run.Find(E.Beats).Should().Be(4);
        var summary = statements.Single(s => s.Code == RhythmStatementCode.VentricularPrematureBeats);
        summary.Find(E.VentricularBeats).Should().Be(7);
        summary.Find(E.Couplets).Should().Be(1);
        summary.Find(E.Runs).Should().Be(1);
        summary.Find(E.LongestRunBeats).Should().Be(4);
        summary.Find(E.IsolatedVentricularBeats).Should().Be(1);
        summary.Find(E.VentricularBeatsPerMinute).Should().BeApproximately(7 * 60 / (99 * 0.8), 1e-9);
        statements.Should().NotContain(s => s.Code == RhythmStatementCode.VentricularBigeminy);
    }

    [Fact]
    public void Unclassified_beats_yield_no_ectopy()
    {
        var beats = Regular(75, 0, 30).Select(b => b with { Class = BeatClass.Unknown }).ToList();

        var statements = Proposer.Propose(beats, [], []);

        statements.Should().ContainSingle().Which.Code.Should().Be(RhythmStatementCode.SinusRhythm);
    }

    [Theory]
    [InlineData(140, 150, true)]
    [InlineData(120, 150, true)] // QRS >= 120 ms
    [InlineData(119, 150, false)]
    [InlineData(140, 100, false)] // rate must exceed 100
    [InlineData(140, 101, true)]
    public void Wide_qrs_tachycardia_needs_a_wide_qrs_and_a_fast_rate(double qrsMs, double bpm, bool expected)
    {
        var beats = Regular(75, 0, 20).Select(b => b with { QrsMs = 90 }).ToList();
        var start = beats[^1].Seconds;
        beats.AddRange(Regular(bpm, start + (60 / bpm), 8, first: false).Select(b => b with { QrsMs = qrsMs }));
        beats.AddRange(Regular(75, beats[^1].Seconds + 0.8, 20, first: false).Select(b => b with { QrsMs = 90 }));

        var statements = Proposer.Propose(beats, [], []);

        var wide = statements.Where(s => s.Code == RhythmStatementCode.WideQrsTachycardia).ToList();
        if (expected)
        {
            var statement = wide.Should().ContainSingle().Subject;
            statement.Find(E.MeanQrsMs).Should().Be(qrsMs);
            statement.Find(E.VentricularRateBpm).Should().BeApproximately(bpm, 1e-6);
            statement.StartSeconds.Should().BeApproximately(start + (60 / bpm), 1e-9);
        }
        else
        {
            wide.Should().BeEmpty();
        }
    }

    [Fact]
    public void Wide_qrs_tachycardia_is_proposed_inside_a_stretch_marked_noisy_and_says_so_but_a_beat_without_rr_breaks_it()
    {
        // Fast wide complexes read as noise to the noise marker: the statement still comes, with the beats in the segment counted.
        var beats = Regular(150, 0, 12).Select(b => b with { QrsMs = 150 }).ToList();
        var noise = new RhythmProposerGap(2.0, 4.0);

        var wide = Proposer.Propose(beats, [], [noise]).Where(s => s.Code == RhythmStatementCode.WideQrsTachycardia).ToList();

        var statement = wide.Should().ContainSingle().Subject;
        statement.StartSeconds.Should().Be(beats[0].Seconds);
        statement.EndSeconds.Should().Be(beats[^1].Seconds);
        statement.Find(E.BeatsInUnanalysable).Should().Be(beats.Count(b => b.Seconds >= 2.0 && b.Seconds < 4.0));
        statement.Find(E.MeanQrsMs).Should().Be(150);

        // A restart (no RR: a gap in the signal) splits the sequence; a beat whose QRS could not be measured too.
        var split = beats.Select((b, i) => i == 6 ? b with { RrSeconds = null } : b).ToList();
        Proposer.Propose(split, [], []).Where(s => s.Code == RhythmStatementCode.WideQrsTachycardia).Should().HaveCount(2);
        var unmeasured = beats.Select((b, i) => i == 6 ? b with { QrsMs = null } : b).ToList();
        Proposer.Propose(unmeasured, [], []).Where(s => s.Code == RhythmStatementCode.WideQrsTachycardia).Should().HaveCount(2);
    }

    [Fact]
    public void No_statement_or_interval_spans_an_unanalysable_segment()
    {
        // Sinus at 75 bpm, then 10 s of noise (a beat detected inside it anyway), then sinus at 75 again.
        var beats = Regular(75, 0, 30);
        var gapStart = beats[^1].Seconds + 0.4;
        beats.Add(new RhythmProposerBeat(gapStart + 5, 0.4, BeatClass.V));
        beats.AddRange(Regular(75, gapStart + 10.2, 30));
        var gap = new RhythmProposerGap(gapStart, gapStart + 10);

        var statements = Proposer.Propose(beats, [], [gap]);

        statements.Should().HaveCount(2).And.OnlyContain(s => s.Code == RhythmStatementCode.SinusRhythm);
        statements.Should().OnlyContain(s => s.EndSeconds <= gap.StartSeconds || s.StartSeconds >= gap.EndSeconds);
        statements.Should().NotContain(s => s.Code == RhythmStatementCode.Pause, "the 10 s without beats is a gap, not a pause");
        statements.Should().NotContain(s => s.Code == RhythmStatementCode.VentricularPrematureBeats, "the beat inside the gap is ignored");
    }

    [Fact]
    public void Detector_segments_and_beats_are_read_in_seconds()
    {
        const double Rate = 500;
        var beats = Enumerable.Range(0, 40).Select(i =>
        {
            var sample = (i * 400L) + (i >= 20 ? 5000 : 0);
            return new DetectedBeat(sample, sample / Rate, i is 0 or 20 ? null : 0.8, BeatClass.N, sample + 50);
        }).ToList();
        var segment = new UnanalysableSegment((19 * 400) + 100, (20 * 400) + 4900, UnanalysableReason.Flat, UnanalysableSegment.AllLeads);

        var statements = Proposer.Propose(beats, [segment], Rate);

        statements.Select(s => (s.Code.Code, s.StartSeconds, s.EndSeconds)).Should().Equal(
            ("sinus-rhythm", 0.0, 19 * 400 / Rate),
            ("sinus-rhythm", ((20 * 400) + 5000) / Rate, ((39 * 400) + 5000) / Rate));
    }

    [Fact]
    public void Every_statement_code_is_stable_and_unique()
    {
        RhythmStatementCode.All.Select(c => c.Code).Should().OnlyHaveUniqueItems();
        RhythmStatementCode.SinusRhythm.SnomedCt.Should().Be("426783006");
        RhythmStatementCode.AtrialFibrillationSuspected.SnomedCt.Should().Be("49436004");
        RhythmStatementCode.SinusBradycardia.SnomedCt.Should().Be("426177001");
        RhythmStatementCode.SinusTachycardia.SnomedCt.Should().Be("427084000");
        RhythmStatementCode.VentricularPrematureBeats.SnomedCt.Should().Be("427172004");
        RhythmStatementCode.VentricularBigeminy.SnomedCt.Should().Be("11157007");
    }

    [Fact]
    public void Options_out_of_range_are_refused_at_construction()
    {
        var act = () => new RhythmProposer(new RhythmProposerOptions { PauseSeconds = 0.2 });
        var inverted = () => new RhythmProposer(new RhythmProposerOptions { BradycardiaBelowBpm = 90, TachycardiaAboveBpm = 80 });
        var run = () => new RhythmProposer(new RhythmProposerOptions { RunMinimumBeats = 2 });

        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("PauseSeconds");
        inverted.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("TachycardiaAboveBpm");
        run.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("RunMinimumBeats");
    }

    [Fact]
    public void Beats_out_of_order_or_impossible_intervals_are_refused_with_a_clear_error()
    {
        var unordered = () => Proposer.Propose([new(1, null, BeatClass.N), new(0.5, 0.5, BeatClass.N)], [], []);
        var negative = () => Proposer.Propose([new(1, null, BeatClass.N), new(2, -1, BeatClass.N)], [], []);
        var window = () => Proposer.Propose([], [new(5, 4, true)], []);

        unordered.Should().Throw<ArgumentException>().WithMessage("*strictly increasing*");
        negative.Should().Throw<ArgumentException>().WithMessage("*not a positive interval*");
        window.Should().Throw<ArgumentException>().WithMessage("*not a time span*");
    }

    // Beats at a constant rate for `seconds`, the first at `start`.
    private static List<RhythmProposerBeat> Regular(double bpm, double start, double seconds, bool first = true)
    {
        var rr = 60 / bpm;
        var count = (int)Math.Floor(seconds / rr) + 1;
        return [.. Enumerable.Range(0, count).Select(i => new RhythmProposerBeat(start + (i * rr), i == 0 && first ? null : rr, BeatClass.N))];
    }
}
