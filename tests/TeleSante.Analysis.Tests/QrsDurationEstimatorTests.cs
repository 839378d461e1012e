using TeleSante.Analysis.Beats;
using TeleSante.Analysis.Tests.Support;
using TeleSante.Signal.Synthesis;
using Xunit.Abstractions;

namespace TeleSante.Analysis.Tests;

/// <summary>The per-beat QRS duration the stream uses for its wide-QRS tachycardia statement, against the generator's true
/// wave boundaries and on the firmware simulator's beats (narrow sinus vs ventricular tachycardia at the same rate).</summary>
public sealed class QrsDurationEstimatorTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(500, 110, 80, Rhythm.Sinus)]
    [InlineData(500, 110, 110, Rhythm.Sinus)]
    [InlineData(250, 130, 90, Rhythm.Sinus)]
    [InlineData(500, 140, 80, Rhythm.VentricularTachycardia)]
    [InlineData(250, 160, 70, Rhythm.VentricularTachycardia)]
    public void Each_beats_QRS_is_measured_close_to_the_generators_truth(double rate, double bpm, double qrsMs, Rhythm rhythm)
    {
        var options = new SyntheticEcgOptions
        {
            SampleRateHz = rate, HeartRateBpm = bpm, Rhythm = rhythm, MuscleNoiseMv = 0.005, BaselineWanderMv = 0.05, MainsMv = 0.01,
            Waves = new WaveTiming { QrsMs = qrsMs, QtcMs = 400 }, Seed = 5,
        };
        var generator = new SyntheticEcg(options);
        var length = (int)(30 * rate);
        var leads = Enumerable.Range(0, 12).Select(_ => new int[length]).ToArray();
        generator.Next(length, leads);
        var signal = leads[1].Select(v => (float)(v / options.GainAduPerMv)).ToArray();
        var beats = Detection.Run(signal, new QrsDetectorOptions { SampleRateHz = rate }).Beats;
        var estimator = new QrsDurationEstimator(rate);

        var errors = new List<double>();
        foreach (var beat in beats)
        {
            var truth = generator.Boundaries.MinBy(b => Math.Abs(b.RPeak - beat.SampleIndex));
            if (estimator.MeasureMs(signal, (int)beat.SampleIndex) is { } ms)
            {
                // The generator's ventricular beat has no Q wave (its gain is 0 in every lead): the first 20 % of its
                // nominal QRS is isoelectric everywhere, so what any reader can measure is the last 80 %.
                var visible = truth.Ectopic ? 0.8 : 1.0;
                errors.Add(ms - (visible * (truth.QrsOffset - truth.QrsOnset) / rate * 1000));
            }
        }

        output.WriteLine($"{rhythm} {bpm} bpm QRS {qrsMs}: {errors.Count}/{beats.Count} measured, mean error {errors.Average():0.0} ms, sd {Sd(errors):0.0}, min {errors.Min():0.0}, max {errors.Max():0.0}");
        errors.Count.Should().BeGreaterThanOrEqualTo(beats.Count - 2, "beats whose segment is complete are measured");
        errors.Average().Should().BeInRange(-15, 10);
        errors.Should().AllSatisfy(e => e.Should().BeInRange(-30, 20));
    }

    [Fact]
    public void Ventricular_tachycardia_is_wide_and_sinus_tachycardia_at_the_same_rate_is_narrow_on_the_simulators_beats()
    {
        foreach (var (rhythm, wide) in new[] { (Rhythm.VentricularTachycardia, true), (Rhythm.Sinus, false) })
        {
            var options = new SyntheticEcgOptions { SampleRateHz = 500, HeartRateBpm = 140, Rhythm = rhythm, MuscleNoiseMv = 0.005, BaselineWanderMv = 0.05, MainsMv = 0.01, Seed = 7 };
            var (signal, _) = TestData.Synthetic(options, 30);
            var floats = TestData.AsFloats(signal);
            var beats = Detection.Run(floats, new QrsDetectorOptions { SampleRateHz = 500 }).Beats;
            var estimator = new QrsDurationEstimator(500);
            var widths = beats.Select(b => estimator.MeasureMs(floats, (int)b.SampleIndex)).OfType<double>().ToList();
            output.WriteLine($"{rhythm}: {widths.Count}/{beats.Count} measured, {widths.Min():0}..{widths.Max():0} ms, median {widths.Order().ElementAt(widths.Count / 2):0}");
            widths.Count.Should().BeGreaterThanOrEqualTo(beats.Count - 2);
            if (wide)
            {
                widths.Should().AllSatisfy(w => w.Should().BeGreaterThanOrEqualTo(120));
            }
            else
            {
                widths.Should().AllSatisfy(w => w.Should().BeLessThan(120));
            }
        }
    }

    [Fact]
    public void A_beat_without_its_whole_segment_or_with_a_missing_sample_is_not_measured()
    {
        var (signal, peaks) = TestData.Synthetic(new SyntheticEcgOptions { SampleRateHz = 500, HeartRateBpm = 80, Seed = 2 }, 10);
        var floats = TestData.AsFloats(signal);
        var estimator = new QrsDurationEstimator(500);
        var middle = (int)peaks[peaks.Length / 2];
        estimator.MeasureMs(floats, middle).Should().NotBeNull();
        estimator.MeasureMs(floats.AsSpan(0, middle + 10), middle).Should().BeNull("the segment after the beat is not there yet");
        floats[middle + 3] = float.NaN;
        estimator.MeasureMs(floats, middle).Should().BeNull("a missing sample is not measured through");
    }

    private static double Sd(List<double> values)
    {
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / Math.Max(1, values.Count - 1));
    }
}
