using TeleSante.Analysis.Beats;
using TeleSante.Analysis.Noise;
using TeleSante.Analysis.Quality;
using TeleSante.Analysis.Rhythms;
using TeleSante.Analysis.Tests.Support;

namespace TeleSante.Analysis.Tests;

/// <summary>Noisy stretches are marked unanalysable and the clean ones are not: record 100 with NSTDB-style muscle and
/// electrode-motion noise at low SNR (nst protocol: 5 clean minutes, then 2-minute noisy and clean segments).</summary>
public sealed class NoiseMarkerTests
{
    private const int Rate = 360;
    private static readonly IReadOnlyList<long> Normal = TestData.Reference100.Where(b => b.Class == BeatClass.N).Select(b => b.SampleIndex).ToList();

    [Theory]
    [InlineData(NoiseKind.MuscleArtifact, 0, 0, 31, 0.9)]
    [InlineData(NoiseKind.MuscleArtifact, 0, 1, 32, 0.9)]
    [InlineData(NoiseKind.ElectrodeMotion, -3, 0, 33, 0.6)]
    [InlineData(NoiseKind.ElectrodeMotion, -3, 1, 34, 0.6)]
    public void The_noisy_stretches_are_marked_and_the_clean_ones_are_not(NoiseKind kind, double snr, int lead, int seed, double covered)
    {
        var noisy = NoiseStressTest.Apply(TestData.Lead(TestData.Record100, lead), Normal, Rate, kind, snr, seed, NoiseProtocol.Nst);

        var marked = Mark(noisy.Samples);

        marked.Should().NotBeEmpty().And.OnlyContain(s => s.Reason == UnanalysableReason.Noise);
        var inNoise = 0L;
        var inClean = 0L;
        var noiseLength = 0L;
        foreach (var (start, end) in noisy.NoisySegments)
        {
            noiseLength += end - start;
            inNoise += marked.Sum(m => Overlap(m, start, end));
        }

        var total = marked.Sum(m => m.EndSample - m.StartSample);
        inClean = total - inNoise;
        ((double)inNoise / noiseLength).Should().BeGreaterThan(covered, "most of the noisy stretches are marked");
        // A marked stretch may run on into the next clean segment by its decision blocks (one second each, two at most).
        inClean.Should().BeLessThanOrEqualTo(noisy.NoisySegments.Count * 3L * Rate, "the clean stretches are not marked");
        marked.Should().OnlyContain(m => m.StartSample >= 300 * Rate, "the first five minutes are clean");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Clean_record_100_is_never_marked(int lead)
    {
        Mark(TestData.Lead(TestData.Record100, lead)).Should().BeEmpty();
    }

    [Fact]
    public void Beats_in_a_marked_stretch_are_flagged_and_no_rhythm_window_is_proposed_there()
    {
        var noisy = NoiseStressTest.Apply(TestData.Lead(TestData.Record100, 0), Normal, Rate, NoiseKind.MuscleArtifact, 0, 35, NoiseProtocol.Nst);
        var samples = TestData.AsFloats(noisy.Samples);

        var result = BeatAnalysis.Run(samples, new QrsDetectorOptions { SampleRateHz = Rate }, new BeatFeatureOptions { SampleRateHz = Rate, Noise = new NoiseMarkerOptions { SampleRateHz = Rate } });

        var marked = result.Unanalysable.Where(s => s.Reason == UnanalysableReason.Noise).ToList();
        marked.Should().NotBeEmpty();
        result.Beats.Should().OnlyContain(b => b.Noisy == marked.Any(m => b.Beat.SampleIndex >= m.StartSample && b.Beat.SampleIndex < m.EndSample));
        result.Beats.Count(b => b.Noisy).Should().BeGreaterThan(200);

        var beats = result.Beats.Select(b => b.Beat).ToList();
        var windows = RhythmWindows.Slide(beats, noisy.Samples, Rate, result.Unanalysable, stride: 1);
        windows.Should().NotBeEmpty("the clean stretches are still judged");
        windows.Should().OnlyContain(w => !marked.Any(m => w.FirstBeatSeconds * Rate < m.EndSample && w.LastBeatSeconds * Rate >= m.StartSample));
    }

    [Fact]
    public void Out_of_range_options_are_refused_naming_the_option()
    {
        var build = () => new NoiseMarker(new NoiseMarkerOptions { MinimumSnrDb = 12, RecoverySnrDb = 10 });
        build.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("RecoverySnrDb");
    }

    private static List<UnanalysableSegment> Mark(double[] signal)
    {
        var marker = new NoiseMarker(new NoiseMarkerOptions { SampleRateHz = Rate });
        var sink = new BeatCollector();
        var samples = TestData.AsFloats(signal);
        for (var at = 0; at < samples.Length; at += 500)
        {
            marker.Process(samples.AsSpan(at, Math.Min(500, samples.Length - at)), sink);
        }

        marker.Flush(sink);
        return sink.Unanalysable;
    }

    private static long Overlap(UnanalysableSegment m, long start, long end) => Math.Max(0, Math.Min(m.EndSample, end) - Math.Max(m.StartSample, start));
}
