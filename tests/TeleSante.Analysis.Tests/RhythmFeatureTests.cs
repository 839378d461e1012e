using TeleSante.Analysis.Rhythms;
using TeleSante.Analysis.Tests.Support;
using TeleSante.Signal.Synthesis;

namespace TeleSante.Analysis.Tests;

/// <summary>The RR-window and P-wave features of the AF classifier, on series whose values can be worked out by hand and
/// on generated ECGs run through the detector.</summary>
public sealed class RhythmFeatureTests
{
    [Fact]
    public void A_perfectly_regular_window_has_no_irregularity()
    {
        var features = RrWindowFeatures.Compute(Enumerable.Repeat(0.8, 30).ToArray());

        features.MeanRateBpm.Should().BeApproximately(75, 1e-9);
        features.NormalizedRmssd.Should().Be(0);
        features.MedianAbsoluteDifference.Should().Be(0);
        features.Pnn.Should().Be(0);
        features.Sd1.Should().Be(0);
        features.Sd1Sd2Ratio.Should().Be(0);
        features.DifferenceEntropy.Should().Be(0);
        features.TurningPointRatio.Should().Be(0);
        // Every template matches: sample entropy 0, COSEn = ln(2 r) - ln(mean RR).
        features.CoefficientOfSampleEntropy.Should().BeApproximately(Math.Log(0.06) - Math.Log(0.8), 1e-12);
    }

    [Fact]
    public void An_alternating_window_has_the_values_worked_out_by_hand()
    {
        var rr = Enumerable.Range(0, 30).Select(i => i % 2 == 0 ? 1.0 : 1.1).ToArray();

        var features = RrWindowFeatures.Compute(rr);

        features.MeanRateBpm.Should().BeApproximately(60 / 1.05, 1e-9);
        features.NormalizedRmssd.Should().BeApproximately(0.1 / 1.05, 1e-9);
        features.MedianAbsoluteDifference.Should().BeApproximately(0.1 / 1.05, 1e-9);
        features.Pnn.Should().Be(1); // every |ΔRR| = 0.1 > 6.25 % of 1.05
        features.TurningPointRatio.Should().BeApproximately(28 / (2.0 * 28 / 3), 1e-12); // every inner point turns
        // 29 differences: +0.1 fifteen times, -0.1 fourteen times, one bin each.
        features.DifferenceEntropy.Should().BeApproximately(-((15 / 29.0 * Math.Log2(15 / 29.0)) + (14 / 29.0 * Math.Log2(14 / 29.0))), 1e-9);
        features.Sd1Sd2Ratio.Should().Be(10); // RR[i] + RR[i+1] is constant: SD2 = 0, the ratio is capped
    }

    [Fact]
    public void Irregularly_irregular_intervals_score_higher_than_sinus_with_premature_beats()
    {
        var random = new Random(5);
        var af = Enumerable.Range(0, 30).Select(_ => 0.8 * (0.6 + (0.8 * random.NextDouble()))).ToArray();
        var ectopy = Enumerable.Range(0, 30).Select(i => i % 10 == 5 ? 0.5 : i % 10 == 6 ? 1.1 : 0.8 + (0.01 * random.NextDouble())).ToArray();

        var a = RrWindowFeatures.Compute(af);
        var e = RrWindowFeatures.Compute(ectopy);

        a.MedianAbsoluteDifference.Should().BeGreaterThan(5 * e.MedianAbsoluteDifference);
        a.CoefficientOfSampleEntropy.Should().BeGreaterThan(e.CoefficientOfSampleEntropy);
        a.DifferenceEntropy.Should().BeGreaterThan(e.DifferenceEntropy);
        a.Pnn.Should().BeGreaterThan(e.Pnn);
    }

    [Fact]
    public void Too_short_or_impossible_windows_are_refused()
    {
        var tooShort = () => RrWindowFeatures.Compute(new double[RrWindowFeatures.MinimumIntervals - 1].Select(_ => 1.0).ToArray());
        var negative = () => RrWindowFeatures.Compute(Enumerable.Repeat(1.0, 29).Append(-0.1).ToArray());
        var nan = () => RrWindowFeatures.Compute(Enumerable.Repeat(1.0, 29).Append(double.NaN).ToArray());

        tooShort.Should().Throw<ArgumentException>().WithMessage("*at least 8 intervals*");
        negative.Should().Throw<ArgumentException>().WithMessage("*positive and finite*");
        nan.Should().Throw<ArgumentException>().WithMessage("*positive and finite*");
    }

    [Fact]
    public void P_waves_correlate_across_sinus_beats_and_not_across_fibrillation()
    {
        var sinus = Evidence(new SyntheticEcgOptions { HeartRateBpm = 75, Seed = 3, MuscleNoiseMv = 0.01 });
        var af = Evidence(new SyntheticEcgOptions { HeartRateBpm = 75, Seed = 3, MuscleNoiseMv = 0.01, Rhythm = Rhythm.AtrialFibrillation });

        sinus.Should().OnlyContain(p => p > 0.9);
        af.Should().OnlyContain(p => p < 0.6);
    }

    [Fact]
    public void P_waves_of_record_100_correlate_on_both_leads()
    {
        foreach (var lead in new[] { 0, 1 })
        {
            var signal = TestData.Lead(TestData.Record100, lead);
            var beats = Detection.Run(TestData.AsFloats(signal), new QrsDetectorOptions { SampleRateHz = 360 }).Beats;

            var windows = RhythmWindows.Slide(beats, signal, 360);

            windows.Should().HaveCountGreaterThan(70);
            windows.Average(w => w.PWaveCorrelation).Should().BeGreaterThan(0.7, $"lead {lead}");
        }
    }

    [Fact]
    public void Windows_do_not_span_a_gap_and_are_the_same_on_every_run()
    {
        var beats = new List<DetectedBeat>();
        for (var i = 0; i < 100; i++)
        {
            // Beat 50 follows an unanalysable segment: it has no RR.
            beats.Add(new DetectedBeat(i * 250, i, i == 0 || i == 50 ? null : 1.0 + (0.01 * (i % 3)), BeatClass.Unknown, i * 250));
        }

        var signal = new double[100 * 250];

        var windows = RhythmWindows.Slide(beats, signal, 250, 30, 10);
        var again = RhythmWindows.Slide(beats, signal, 250, 30, 10);

        // Runs: beats 1..49 (49 RRs: windows starting at 1, 11) and 51..99 (49 RRs: windows starting at 51, 61).
        windows.Select(w => w.FirstBeatSeconds).Should().Equal(1, 11, 51, 61);
        windows.Should().OnlyContain(w => w.LastBeatSeconds - w.FirstBeatSeconds == 29);
        again.Select(w => w.Features()).Should().BeEquivalentTo(windows.Select(w => w.Features()), o => o.WithStrictOrdering());
    }

    private static List<double> Evidence(SyntheticEcgOptions options)
    {
        var (signal, _) = TestData.Synthetic(options, 120);
        var beats = Detection.Run(TestData.AsFloats(signal), new QrsDetectorOptions { SampleRateHz = options.SampleRateHz }).Beats;
        return RhythmWindows.Slide(beats, signal, options.SampleRateHz).Select(w => w.PWaveCorrelation).ToList();
    }
}
