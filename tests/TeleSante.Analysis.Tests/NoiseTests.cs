using TeleSante.Analysis.Noise;
using TeleSante.Analysis.Tests.Support;

namespace TeleSante.Analysis.Tests;

/// <summary>Generated noise is added the NSTDB way, at the SNR asked for, where nst's protocol puts it.</summary>
public sealed class NoiseTests
{
    private static readonly double[] Clean = TestData.Lead(TestData.Record100, 0);
    private static readonly IReadOnlyList<long> Normal = TestData.Reference100.Where(b => b.Class == BeatClass.N).Select(b => b.SampleIndex).ToList();

    [Theory]
    [InlineData(NoiseKind.ElectrodeMotion, 12, 1)]
    [InlineData(NoiseKind.ElectrodeMotion, 0, 2)]
    [InlineData(NoiseKind.MuscleArtifact, 6, 3)]
    [InlineData(NoiseKind.BaselineWander, 0, 4)]
    [InlineData(NoiseKind.Mixed, 6, 5)]
    public void The_added_noise_measured_back_has_the_SNR_asked_for(NoiseKind kind, double snr, int seed)
    {
        var noisy = NoiseStressTest.Apply(Clean, Normal, 360, kind, snr, seed);

        // Measure back what was really added, in the noisy segments only, with nst's definitions.
        var added = new List<double>();
        foreach (var (start, end) in noisy.NoisySegments)
        {
            for (var i = start; i < end; i++)
            {
                added.Add(noisy.Samples[i] - Clean[i]);
            }
        }

        var pp = NstAmplitude.QrsPeakToPeak(Clean, Normal, 360);
        var measured = NstAmplitude.SnrDb(pp, NstAmplitude.NoiseRms(added.ToArray(), 360));
        measured.Should().BeApproximately(snr, 1.0);
        pp.Should().BeInRange(1.0, 2.5, "record 100's MLII QRS complexes are about 1.5 mV peak to peak");
    }

    [Fact]
    public void Nst_protocol_keeps_five_clean_minutes_then_alternates_two_minute_segments_without_steps()
    {
        var noisy = NoiseStressTest.Apply(Clean, Normal, 360, NoiseKind.ElectrodeMotion, 0, 7);

        noisy.NoisySegments.Should().StartWith([(300 * 360L, 420 * 360L), (540 * 360L, 660 * 360L)]);
        noisy.Samples.AsSpan(0, 300 * 360).SequenceEqual(Clean.AsSpan(0, 300 * 360)).Should().BeTrue("the learning period is clean");

        // In a clean segment the output is the clean signal plus nst's constant offset b (no step at the boundary).
        var offset = noisy.Samples[430 * 360] - Clean[430 * 360];
        Enumerable.Range(420 * 360, 120 * 360).Should().AllSatisfy(i => (noisy.Samples[i] - Clean[i]).Should().BeApproximately(offset, 1e-9));
        // Across the boundary the added signal moves only as the noise itself did from one sample to the next.
        var noise = NoiseGenerator.Generate(NoiseKind.ElectrodeMotion, Clean.Length, 360, 7);
        const int boundary = 420 * 360;
        var step = (noisy.Samples[boundary] - Clean[boundary]) - (noisy.Samples[boundary - 1] - Clean[boundary - 1]);
        step.Should().BeApproximately(noisy.Gain * (noise[boundary] - noise[boundary - 1]), 1e-9);
    }

    [Fact]
    public void Different_seeds_give_different_noise_and_the_same_seed_the_same()
    {
        var a = NoiseGenerator.Generate(NoiseKind.MuscleArtifact, 3600, 360, 1);
        NoiseGenerator.Generate(NoiseKind.MuscleArtifact, 3600, 360, 1).Should().Equal(a);
        NoiseGenerator.Generate(NoiseKind.MuscleArtifact, 3600, 360, 2).Should().NotEqual(a);
    }

    [Fact]
    public void Nst_amplitudes_follow_the_definitions()
    {
        // A 1 Hz square wave of ±1 around a mean: RMS about each second's mean is 1.
        var square = Enumerable.Range(0, 3600).Select(i => 5 + ((i / 180) % 2 == 0 ? 1.0 : -1.0)).ToArray();
        NstAmplitude.NoiseRms(square, 360).Should().BeApproximately(1, 1e-9);

        // pp = 2, rms = 1: S = 4/8 = 0.5, SNR = 10 log10(0.5) = -3.01 dB.
        NstAmplitude.SnrDb(2, 1).Should().BeApproximately(-3.0103, 1e-3);
        NstAmplitude.SnrDb(2, NstAmplitude.GainFor(2, 1, 12)).Should().BeApproximately(12, 1e-9);
    }
}
