using TeleSante.Analysis.Tests.Support;
using TeleSante.Signal.Synthesis;

namespace TeleSante.Analysis.Tests;

/// <summary>The detector on synthetic ECGs whose beat times are known exactly, at every supported rate.</summary>
public sealed class SyntheticDetectionTests
{
    [Theory]
    [InlineData(250, 72)]
    [InlineData(360, 45)]
    [InlineData(500, 150)]
    [InlineData(1000, 90)]
    public void Every_beat_is_found_once_close_to_its_true_R_peak(double rate, double bpm)
    {
        var (signal, peaks) = TestData.Synthetic(new SyntheticEcgOptions { SampleRateHz = rate, HeartRateBpm = bpm, MuscleNoiseMv = 0.01, Seed = (int)rate }, 60);

        var beats = Detection.Run(TestData.AsFloats(signal), new QrsDetectorOptions { SampleRateHz = rate }).Beats;

        // Learning-period beats are reported too (late), so the count is exact from the first beat.
        beats.Should().HaveCount(peaks.Length);
        var tolerance = (long)Math.Ceiling(0.015 * rate);
        for (var i = 0; i < peaks.Length; i++)
        {
            beats[i].SampleIndex.Should().BeCloseTo(peaks[i], (ulong)tolerance, $"beat {i} at {peaks[i] / rate:0.000} s");
        }
    }

    [Fact]
    public void Premature_ventricular_beats_and_atrial_fibrillation_are_detected()
    {
        foreach (var options in new[]
        {
            new SyntheticEcgOptions { SampleRateHz = 500, HeartRateBpm = 80, EctopicProbability = 0.15, Seed = 7 },
            new SyntheticEcgOptions { SampleRateHz = 500, HeartRateBpm = 120, Rhythm = Rhythm.AtrialFibrillation, Seed = 8 },
        })
        {
            var (signal, peaks) = TestData.Synthetic(options, 120);
            var beats = Detection.Run(TestData.AsFloats(signal), new QrsDetectorOptions { SampleRateHz = 500 }).Beats;
            beats.Select(b => b.SampleIndex).Should().HaveCount(peaks.Length).And.AllSatisfy(at => peaks.Min(p => Math.Abs(p - at)).Should().BeLessThan(50));
        }
    }

    [Fact]
    public void After_learning_a_beat_is_reported_within_the_documented_delay_with_its_RR()
    {
        var (signal, _) = TestData.Synthetic(new SyntheticEcgOptions { SampleRateHz = 500, HeartRateBpm = 70, Seed = 3 }, 60);

        var beats = Detection.Run(TestData.AsFloats(signal), new QrsDetectorOptions { SampleRateHz = 500 }, blockSize: 1).Beats;

        var afterLearning = beats.Where(b => b.Seconds > 4).ToList();
        afterLearning.Should().NotBeEmpty();
        afterLearning.Select(b => (b.DetectedAtSample - b.SampleIndex) / 500.0).Should().AllSatisfy(delay => delay.Should().BeInRange(0.1, 0.3));
        afterLearning.Should().AllSatisfy(b => b.RrSeconds.Should().BeApproximately(60 / 70.0, 0.15));
        afterLearning.Should().AllSatisfy(b => b.Class.Should().Be(BeatClass.Unknown));
        beats[0].RrSeconds.Should().BeNull("no RR before the first beat");
    }

    [Fact]
    public void Twelve_leads_are_combined_into_one_beat_per_complex()
    {
        var options = new SyntheticEcgOptions { SampleRateHz = 500, HeartRateBpm = 75, MuscleNoiseMv = 0.01, Seed = 11 };
        var generator = new SyntheticEcg(options);
        var length = 500 * 60;
        var leads = Enumerable.Range(0, 12).Select(_ => new int[length]).ToArray();
        generator.Next(length, leads);
        var frames = new float[length * 12];
        for (var i = 0; i < length; i++)
        {
            for (var l = 0; l < 12; l++)
            {
                frames[(i * 12) + l] = leads[l][i] / 1000f;
            }
        }

        // Lead II drops out for 10 s (NaN): the others carry on and no beat is lost.
        for (var i = 20 * 500; i < 30 * 500; i++)
        {
            frames[(i * 12) + 1] = float.NaN;
        }

        var result = Detection.Run(frames, new QrsDetectorOptions { SampleRateHz = 500 }, 12);

        var peaks = generator.RPeakTimes.Select(t => (long)Math.Round(t * 500)).ToArray();
        result.Beats.Should().HaveCount(peaks.Length);
        result.Beats.Select(b => b.SampleIndex).Zip(peaks).Should().AllSatisfy(p => Math.Abs(p.First - p.Second).Should().BeLessThan(20));
        result.Unanalysable.Should().ContainSingle().Which.Should().Be(new UnanalysableSegment(10_000, 15_000, UnanalysableReason.Missing, 1));
    }
}
