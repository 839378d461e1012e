using TeleSante.Analysis.Measurements;
using TeleSante.Signal.Synthesis;

namespace TeleSante.Analysis.Tests;

public sealed class RestingMeasurementTests
{
    private const double Rate = 500;

    /// <summary>10 s of 12 leads (mV, interleaved) and the 12-lead detector's beats.</summary>
    private static (float[] Frames, long[] Beats, SyntheticEcg Generator) Window(SyntheticEcgOptions options, double seconds = 10)
    {
        var generator = new SyntheticEcg(options);
        var length = (int)(seconds * options.SampleRateHz);
        var block = Enumerable.Range(0, 12).Select(_ => new int[length]).ToArray();
        generator.Next(length, block);
        var frames = new float[length * 12];
        for (var i = 0; i < length; i++)
        {
            for (var l = 0; l < 12; l++)
            {
                frames[(i * 12) + l] = (float)(block[l][i] / options.GainAduPerMv);
            }
        }

        var beats = Detection.Run(frames, new QrsDetectorOptions { SampleRateHz = options.SampleRateHz }, 12).Beats.Select(b => b.SampleIndex).ToArray();
        return (frames, beats, generator);
    }

    private static RestingEcgMeasurements Measure(float[] frames, long[] beats) =>
        new RestingEcgMeasurer(new RestingEcgOptions { SampleRateHz = Rate }).Measure(frames, 12, beats);

    private static SyntheticEcgOptions Timed(WaveTiming timing, double bpm = 70, int seed = 3) =>
        new() { SampleRateHz = Rate, HeartRateBpm = bpm, MuscleNoiseMv = 0.01, Waves = timing, Seed = seed };

    [Theory]
    [InlineData(-30, 60, 20)]
    [InlineData(0, 30, -10)]
    [InlineData(60, 50, 40)]
    [InlineData(90, 70, 80)]
    [InlineData(-90, 60, 150)]
    public void Frontal_axes_of_known_dipoles_are_measured_from_leads_i_and_avf(double qrsAxis, double pAxis, double tAxis)
    {
        var (frames, beats, _) = Window(Timed(new WaveTiming { QrsAxisDegrees = qrsAxis, PAxisDegrees = pAxis, TAxisDegrees = tAxis }));

        var m = Measure(frames, beats);

        AngleDifference(m.QrsAxisDegrees.Value!.Value, qrsAxis).Should().BeLessThan(8);
        AngleDifference(m.PAxisDegrees.Value!.Value, pAxis).Should().BeLessThan(8);
        AngleDifference(m.TAxisDegrees.Value!.Value, tAxis).Should().BeLessThan(8);
    }

    [Theory]
    [InlineData(1, 0, 0)]
    [InlineData(0, 1, 90)]
    [InlineData(-1, 0, 180)]
    [InlineData(0.5, 0.75, 60)] // x = cos 60°, aVF = (√3/2) sin 60° = 0.75
    [InlineData(0.8660254, -0.4330127, -30)]
    public void Frontal_axis_follows_einthovens_triangle(double leadI, double leadAvf, double expected) =>
        FrontalAxis.FromNetAreas(leadI, leadAvf)!.Value.Should().BeApproximately(expected, 0.01);

    [Fact]
    public void Frontal_axis_of_an_isoelectric_projection_is_not_guessed() =>
        FrontalAxis.FromNetAreas(0.0001, -0.0001, minimumArea: 0.001).Should().BeNull();

    [Theory]
    [InlineData(400, 1.0, 400, 400)]
    [InlineData(400, 0.64, 500, 464.16)]
    [InlineData(300, 0.4, 474.34, 407.16)]
    public void Qtc_is_corrected_by_bazett_and_by_fridericia(double qt, double rr, double bazett, double fridericia)
    {
        QtCorrection.Bazett(qt, rr).Should().BeApproximately(bazett, 0.01);
        QtCorrection.Fridericia(qt, rr).Should().BeApproximately(fridericia, 0.01);
    }

    [Fact]
    public void Qtc_values_are_both_reported_from_the_measured_qt_and_the_median_rr()
    {
        var (frames, beats, _) = Window(Timed(new WaveTiming(), bpm: 100));

        var m = Measure(frames, beats);

        m.QtcBazettMs.Value.Should().BeApproximately(m.QtMs.Value!.Value / Math.Sqrt(m.RrSeconds), 0.001);
        m.QtcFridericiaMs.Value.Should().BeApproximately(m.QtMs.Value!.Value / Math.Cbrt(m.RrSeconds), 0.001);
        m.QtcBazettMs.Value.Should().BeGreaterThan(m.QtcFridericiaMs.Value!.Value, "above 60 bpm Bazett corrects more");
    }

    [Theory]
    [InlineData(45)]
    [InlineData(72)]
    [InlineData(150)]
    public void Heart_rate_is_sixty_over_the_median_rr(double bpm)
    {
        var (frames, beats, generator) = Window(Timed(new WaveTiming { QtcMs = 380 }, bpm));
        var truth = generator.RPeakTimes.Zip(generator.RPeakTimes.Skip(1), (a, b) => b - a).Order().ToList();

        var m = Measure(frames, beats);

        m.HeartRateBpm.Value.Should().BeApproximately(60 / truth[truth.Count / 2], 0.05 * bpm);
        m.HeartRateBpm.Value.Should().BeApproximately(bpm, 0.06 * bpm);
    }

    [Fact]
    public void A_flat_lead_is_marked_and_the_axes_that_need_it_are_not_measurable()
    {
        var (frames, beats, _) = Window(Timed(new WaveTiming()));
        for (var i = 0; i < frames.Length; i += 12)
        {
            frames[i] = 0.002f; // lead I off
        }

        var m = Measure(frames, beats);

        m.Leads[0].Quality.Should().Be(LeadQuality.Flat);
        m.Leads.Skip(1).Should().OnlyContain(l => l.Quality == LeadQuality.Good);
        m.QrsAxisDegrees.Should().Be(Measurement.Not(NotMeasurableReason.LeadUnusable));
        m.PAxisDegrees.Reason.Should().Be(NotMeasurableReason.LeadUnusable);
        m.QrsMs.IsMeasured.Should().BeTrue("the other leads still give the intervals");
        m.QtMs.IsMeasured.Should().BeTrue();
    }

    [Fact]
    public void A_lead_held_at_a_rail_is_saturated_and_a_noisy_lead_is_noisy()
    {
        var (frames, beats, _) = Window(Timed(new WaveTiming()));
        var random = new Random(4);
        for (var i = 0; i < frames.Length; i += 12)
        {
            frames[i + 7] = Math.Min(frames[i + 7], 0.1f); // V2 clipped at +0.1 mV
            frames[i + 9] += (float)(0.4 * (random.NextDouble() - 0.5)); // V4 with 0.12 mV RMS of noise, more in its beats
            frames[i + 9] += (float)(0.4 * (random.NextDouble() - 0.5));
        }

        var m = Measure(frames, beats);

        m.Leads[7].Quality.Should().Be(LeadQuality.Saturated);
        m.Leads[9].Quality.Should().Be(LeadQuality.Noisy);
        m.QrsMs.IsMeasured.Should().BeTrue();
    }

    [Fact]
    public void Atrial_fibrillation_has_no_pr_and_says_why()
    {
        var options = Timed(new WaveTiming(), bpm: 90) with { Rhythm = Rhythm.AtrialFibrillation };
        var (frames, beats, _) = Window(options);

        var m = new RestingEcgMeasurer(new RestingEcgOptions { SampleRateHz = Rate, RrOutlierFraction = 0.5 }).Measure(frames, 12, beats);

        m.PrMs.Should().Be(Measurement.Not(NotMeasurableReason.NoPWave));
        m.PAxisDegrees.Reason.Should().Be(NotMeasurableReason.NoPWave);
        m.QrsMs.IsMeasured.Should().BeTrue();
    }

    [Fact]
    public void Too_few_beats_are_not_measured_rather_than_guessed()
    {
        var (frames, beats, _) = Window(Timed(new WaveTiming(), bpm: 60));

        var m = Measure(frames, beats.Take(2).ToArray()); // a rate, but no median beat from two beats

        m.HeartRateBpm.IsMeasured.Should().BeTrue();
        m.QrsMs.Should().Be(Measurement.Not(NotMeasurableReason.TooFewBeats));
        m.QtcBazettMs.Reason.Should().Be(NotMeasurableReason.TooFewBeats);
    }

    [Fact]
    public void Ectopic_beats_are_left_out_of_the_median_beat()
    {
        var options = Timed(new WaveTiming { QrsMs = 90 }, bpm: 80) with { EctopicProbability = 0.2, Seed = 12 };
        var (frames, beats, generator) = Window(options);

        var m = Measure(frames, beats);

        var ectopic = generator.Boundaries.Count(b => b.Ectopic);
        ectopic.Should().BeGreaterThan(0);
        m.BeatsExcluded.Should().BeGreaterThanOrEqualTo(ectopic);
        m.QrsMs.Value.Should().BeApproximately(90, 10, "the wide ectopic QRS (162 ms) is not in the median");
    }

    [Fact]
    public void Out_of_range_options_are_refused_by_name()
    {
        var act = () => new RestingEcgMeasurer(new RestingEcgOptions { MinimumCorrelation = 1.5 });
        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(nameof(RestingEcgOptions.MinimumCorrelation));
    }

    private static double AngleDifference(double a, double b)
    {
        var d = Math.Abs(a - b) % 360;
        return d > 180 ? 360 - d : d;
    }
}
