using TeleSante.Analysis.Rhythms;
using TeleSante.Analysis.Tests.Support;
using TeleSante.Signal.Synthesis;
using E = TeleSante.Analysis.Rhythms.RhythmStatementEvidence;

namespace TeleSante.Analysis.Tests;

/// <summary>
/// Rhythm statements on generated ECGs run through the real detector. The generator's truth stands in for the parts
/// other helpers own: each detected beat takes the class of the true beat it matches (in bigeminy every second generated
/// beat is ventricular), and the AF call per window is a fixed rule on the library's own window features (spread of
/// successive differences and absent P waves), not the ML.NET model, so that this library's tests need no model.
/// </summary>
public sealed class RhythmProposerSyntheticTests
{
    private const double Rate = 500;

    // Lead II, of the Gaussian-wave generator: with explicit wave timing (WaveTiming) the detector misses every second
    // beat of generated bigeminy on most leads after a minute (a detector finding, reported; not this class's subject).
    private const int Lead = 1;

    public static TheoryData<string> Cases => ["sinus 45", "sinus 75", "sinus 130", "af", "pvc bigeminy"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_generated_rhythm_gets_its_statement(string name)
    {
        var options = name switch
        {
            "sinus 45" => Options(45),
            "sinus 75" => Options(75),
            "sinus 130" => Options(130),
            "af" => Options(90) with { Rhythm = Rhythm.AtrialFibrillation },
            "pvc bigeminy" => Options(70) with { Bigeminy = true },
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        var (statements, beats) = Propose(options, 120);

        var rhythm = statements.Where(s => s.Code != RhythmStatementCode.VentricularPrematureBeats).ToList();
        var covered = beats[^1].Seconds - beats[0].Seconds;
        switch (name)
        {
            case "sinus 45":
            case "sinus 75":
            case "sinus 130":
                var expected = name == "sinus 45" ? RhythmStatementCode.SinusBradycardia : name == "sinus 75" ? RhythmStatementCode.SinusRhythm : RhythmStatementCode.SinusTachycardia;
                var sinus = rhythm.Should().ContainSingle().Subject;
                sinus.Code.Should().Be(expected);
                sinus.DurationSeconds.Should().BeApproximately(covered, 1e-9);
                sinus.Find(E.SinusRateBpm).Should().BeApproximately(options.HeartRateBpm, options.HeartRateBpm * 0.03);
                sinus.Find(E.AfWindowsSuspected).Should().Be(0);
                sinus.Find(E.PWaveCorrelation).Should().BeGreaterThan(0.8);
                statements.Should().NotContain(s => s.Code == RhythmStatementCode.VentricularPrematureBeats);
                break;
            case "af":
                var af = rhythm.Should().ContainSingle().Subject;
                af.Code.Should().Be(RhythmStatementCode.AtrialFibrillationSuspected);
                af.DurationSeconds.Should().BeGreaterThan(0.8 * covered, "every window but a partial last one is AF");
                af.Find(E.VentricularRateBpm).Should().BeApproximately(90, 10);
                af.Find(E.RrCoefficientOfVariation).Should().BeGreaterThan(0.15);
                af.Find(E.PWaveCorrelation).Should().BeLessThan(0.6);
                break;
            case "pvc bigeminy":
                var bigeminy = rhythm.Should().ContainSingle(s => s.Code == RhythmStatementCode.VentricularBigeminy).Subject;
                var pvcs = beats.Count(b => b.Class == BeatClass.V);
                pvcs.Should().BeGreaterThan(60);
                bigeminy.Find(E.BigeminyCycles).Should().Be(pvcs);
                rhythm.Should().ContainSingle(s => s.Code == RhythmStatementCode.SinusRhythm)
                    .Which.Find(E.SinusRateBpm).Should().BeApproximately(70, 3, "the compensatory pause holds two sinus cycles");
                rhythm.Should().NotContain(s => s.Code == RhythmStatementCode.AtrialFibrillationSuspected, "bigeminy is regularly irregular");
                statements.Single(s => s.Code == RhythmStatementCode.VentricularPrematureBeats).Find(E.VentricularBeats).Should().Be(pvcs);
                break;
        }

        statements.Should().NotContain(s => s.Code == RhythmStatementCode.Pause);
    }

    [Fact]
    public void A_three_second_pause_is_found_at_its_time_with_its_length()
    {
        // Sinus at 60 bpm with two beats blanked (replaced by baseline noise): the RR across them is about 3 s.
        var options = Options(60);
        var (signal, truth) = Generate(options, 60);
        var k = truth.FindIndex(b => b.RPeak > 30 * Rate);
        var random = new Random(11);
        for (var i = truth[k].RPeak - (int)(0.35 * Rate); i < truth[k + 1].RPeak + (int)(0.45 * Rate); i++)
        {
            signal[i] = 0.01 * ((random.NextDouble() * 2) - 1);
        }

        var (statements, _) = Propose(signal, [.. truth.Where((_, i) => i != k && i != k + 1)]);

        var pause = statements.Should().ContainSingle(s => s.Code == RhythmStatementCode.Pause).Subject;
        var expected = (truth[k + 2].RPeak - truth[k - 1].RPeak) / Rate;
        expected.Should().BeInRange(2.8, 3.2);
        pause.StartSeconds.Should().BeApproximately(truth[k - 1].RPeak / Rate, 0.02);
        pause.Find(E.PauseSeconds).Should().BeApproximately(expected, 0.02);
        statements.Should().ContainSingle(s => s.Code == RhythmStatementCode.SinusRhythm);
    }

    private static SyntheticEcgOptions Options(double bpm) =>
        new() { HeartRateBpm = bpm, SampleRateHz = Rate, MuscleNoiseMv = 0.01, Seed = (int)bpm };

    private static (IReadOnlyList<RhythmStatement> Statements, List<DetectedBeat> Beats) Propose(SyntheticEcgOptions options, double seconds)
    {
        var (signal, truth) = Generate(options, seconds);
        return Propose(signal, truth);
    }

    private static (IReadOnlyList<RhythmStatement> Statements, List<DetectedBeat> Beats) Propose(double[] signal, List<TrueBeat> truth)
    {
        var detected = Detection.Run(TestData.AsFloats(signal), new QrsDetectorOptions { SampleRateHz = Rate });
        // The detector finds every generated beat (the last half second aside: it may not be reported yet).
        foreach (var peak in truth.Where(b => b.RPeak < signal.Length - (0.5 * Rate)))
        {
            detected.Beats.Should().Contain(b => Math.Abs(b.SampleIndex - peak.RPeak) <= 0.15 * Rate, $"the beat at {peak.RPeak / Rate:0.00} s is generated");
        }

        detected.Beats.Should().OnlyContain(b => truth.Any(t => Math.Abs(b.SampleIndex - t.RPeak) <= 0.15 * Rate), "no beat is invented");

        // Class and QRS duration of the matching true beat (within 150 ms, the EC57 match window).
        var beats = new List<DetectedBeat>();
        foreach (var beat in detected.Beats)
        {
            var match = truth.MinBy(t => Math.Abs(t.RPeak - beat.SampleIndex));
            var matched = Math.Abs(match.RPeak - beat.SampleIndex) <= 0.15 * Rate;
            beats.Add(beat with { Class = !matched ? BeatClass.Unknown : match.Ventricular ? BeatClass.V : BeatClass.N });
        }

        var windows = RhythmWindows.Slide(beats, signal, Rate, RhythmWindows.DefaultIntervals, stride: 10)
            .Select(w => RhythmProposerAfWindow.From(w, w.Rr.DifferenceEntropy > 2.5 && w.PWaveCorrelation < 0.6))
            .ToList();
        var statements = new RhythmProposer().Propose(beats, detected.Unanalysable, Rate, windows);
        return (statements, beats);
    }

    private static (double[] Signal, List<TrueBeat> Truth) Generate(SyntheticEcgOptions options, double seconds)
    {
        var generator = new SyntheticEcg(options);
        var length = (int)(seconds * Rate);
        var leads = new int[12][];
        for (var l = 0; l < 12; l++)
        {
            leads[l] = new int[length];
        }

        generator.Next(length, leads);
        var truth = generator.RPeakTimes
            .Select((t, i) => new TrueBeat((long)Math.Round(t * Rate), options.Bigeminy && i % 2 == 1))
            .Where(b => b.RPeak >= 0 && b.RPeak < length);
        return ([.. leads[Lead].Select(v => v / options.GainAduPerMv)], [.. truth]);
    }

    private readonly record struct TrueBeat(long RPeak, bool Ventricular);
}
