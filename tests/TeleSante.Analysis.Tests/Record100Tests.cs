using TeleSante.Analysis.Noise;
using TeleSante.Analysis.Scoring;
using TeleSante.Analysis.Tests.Support;

namespace TeleSante.Analysis.Tests;

/// <summary>
/// Issue 12's targets on MIT-BIH record 100, each lead alone, EC57 scoring. Noise seeds here (11, 12) are not the ones
/// of the README table (1..3): the detector was not tuned to them. Where the README says a target is not met, the test
/// holds the measured level instead, so that the figure cannot silently get worse.
/// </summary>
public sealed class Record100Tests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Each_lead_alone_meets_99_8_percent(int lead)
    {
        var result = Score(TestData.Lead(TestData.Record100, lead));

        result.Sensitivity.Should().BeGreaterThanOrEqualTo(0.998);
        result.PositivePredictivity.Should().BeGreaterThanOrEqualTo(0.998);
    }

    [Theory]
    [InlineData(NoiseKind.ElectrodeMotion, 12, 0.995)]
    [InlineData(NoiseKind.ElectrodeMotion, 6, 0.98)]
    [InlineData(NoiseKind.ElectrodeMotion, 0, 0.90)]
    [InlineData(NoiseKind.BaselineWander, 0, 0.90)]
    [InlineData(NoiseKind.Mixed, 12, 0.995)]
    [InlineData(NoiseKind.Mixed, 6, 0.98)]
    [InlineData(NoiseKind.Mixed, 0, 0.90)]
    [InlineData(NoiseKind.MuscleArtifact, 12, 0.995)]
    [InlineData(NoiseKind.MuscleArtifact, 6, 0.98)]
    [InlineData(NoiseKind.MuscleArtifact, 0, 0.90)]
    public void With_generated_noise_each_lead_meets(NoiseKind kind, double snr, double level)
    {
        foreach (var lead in new[] { 0, 1 })
        {
            foreach (var seed in new[] { 11, 12 })
            {
                var clean = TestData.Lead(TestData.Record100, lead);
                var normal = TestData.Reference100.Where(b => b.Class == BeatClass.N).Select(b => b.SampleIndex).ToList();
                var noisy = NoiseStressTest.Apply(clean, normal, 360, kind, snr, seed);

                var result = Score(noisy.Samples);

                result.Sensitivity.Should().BeGreaterThanOrEqualTo(level, $"lead {lead}, seed {seed}");
                result.PositivePredictivity.Should().BeGreaterThanOrEqualTo(level, $"lead {lead}, seed {seed}");
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void In_muscle_noise_no_two_beats_are_closer_than_the_refractory_period(int lead)
    {
        // A burst of muscle noise just over 200 ms after a beat's feature peak could place its fiducial point 120–190 ms
        // after that beat's: two "beats" no heart makes, one of them noise (README, ECG analysis, muscle noise).
        var options = new QrsDetectorOptions { SampleRateHz = 360 };
        foreach (var (snr, seed) in new[] { (6.0, 13), (0.0, 13), (6.0, 14), (0.0, 14) })
        {
            var clean = TestData.Lead(TestData.Record100, lead);
            var normal = TestData.Reference100.Where(b => b.Class == BeatClass.N).Select(b => b.SampleIndex).ToList();
            var noisy = NoiseStressTest.Apply(clean, normal, 360, NoiseKind.MuscleArtifact, snr, seed);

            var beats = Detection.Run(TestData.AsFloats(noisy.Samples), options).Beats;

            var closest = beats.Zip(beats.Skip(1), (a, b) => (b.SampleIndex - a.SampleIndex) / 360.0).Min();
            closest.Should().BeGreaterThanOrEqualTo(options.RefractoryMs / 1000, $"lead {lead}, {snr} dB, seed {seed}");
        }
    }

    private static BeatByBeatResult Score(double[] lead)
    {
        var beats = Detection.Run(TestData.AsFloats(lead), new QrsDetectorOptions { SampleRateHz = 360 });
        return BeatByBeat.Compare(TestData.Reference100, Ec57.Beats(beats.Beats), 360);
    }
}
