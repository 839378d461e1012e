using TeleSante.Analysis.Beats;
using TeleSante.Analysis.Quality;
using TeleSante.Signal.Synthesis;
using TeleSante.Testing;
using Xunit.Abstractions;

namespace TeleSante.Analysis.Ml.Tests;

/// <summary>
/// Issue 12: a fast ventricular tachycardia is analysed, not refused as noise. Its wide complexes fill a third of the
/// time or more, which the noise marker once read as noise, so that every beat came out Q (unanalysable). Streamed as the
/// gateway runs it (detector, feature extractor with its noise marker, the committed beat model). Not asserted: the class
/// itself. The model judges a beat against the stream's running template, and a tachycardia analysed from its first beat
/// is its own template: its beats come out N (README, "Noise marking"; the wide-QRS tachycardia statement comes from each
/// beat's measured QRS, not from the class).
/// </summary>
public sealed class VentricularTachycardiaBeatTests(ITestOutputHelper output)
{
    private static readonly Lazy<BeatClassifier> Committed = new(() => BeatClassifier.Load(Path.Combine(Repository.BeatModelFolder, "beat-model.zip")));

    [Theory]
    [InlineData(140, 500)]
    [InlineData(180, 500)]
    [InlineData(180, 250)]
    public void The_beats_of_a_fast_ventricular_tachycardia_are_classified_and_none_is_unanalysable_Q(double bpm, double rate)
    {
        var options = new SyntheticEcgOptions { SampleRateHz = rate, HeartRateBpm = bpm, Rhythm = Rhythm.VentricularTachycardia, MuscleNoiseMv = 0.005, BaselineWanderMv = 0.05, MainsMv = 0.01, Seed = 12 };
        var lead = SyntheticLead.Generate(options, 40, 1);
        var samples = lead.Signal.Select(v => (float)v).ToArray();
        var detector = new QrsDetector(new QrsDetectorOptions { SampleRateHz = rate });
        var sink = new BeatFeatureCollector();
        var extractor = new BeatFeatureExtractor(new BeatFeatureOptions { SampleRateHz = rate, Noise = new NoiseMarkerOptions { SampleRateHz = rate } }, sink);
        var block = (int)(rate / 4);
        for (var at = 0; at < samples.Length; at += block)
        {
            var part = samples.AsSpan(at, Math.Min(block, samples.Length - at));
            extractor.AddSamples(part);
            detector.Process(part, extractor);
        }

        detector.Flush(extractor);
        extractor.Flush();
        var classes = sink.Beats.Select(f => Committed.Value.Classify(f, out _)).ToList();
        output.WriteLine($"{bpm}/min at {rate} Hz: {classes.Count} beats ({lead.Beats.Length} true): {string.Join(", ", classes.GroupBy(c => c).Select(g => $"{g.Key} {g.Count()}"))}; noise {sink.Unanalysable.Count(u => u.Reason == UnanalysableReason.Noise)} stretches");

        sink.Unanalysable.Should().BeEmpty("a clean tachycardia is analysable");
        classes.Should().HaveCountGreaterThanOrEqualTo(lead.Beats.Length - 2).And.NotContain(BeatClass.Q);
    }
}
