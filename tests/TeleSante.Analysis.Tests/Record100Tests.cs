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

    private static BeatByBeatResult Score(double[] lead)
    {
        var beats = Detection.Run(TestData.AsFloats(lead), new QrsDetectorOptions { SampleRateHz = 360 });
        return BeatByBeat.Compare(TestData.Reference100, Ec57.Beats(beats.Beats), 360);
    }
}
