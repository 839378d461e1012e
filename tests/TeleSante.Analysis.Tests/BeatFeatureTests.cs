using TeleSante.Analysis.Beats;
using TeleSante.Analysis.Quality;
using TeleSante.Signal.Synthesis;

namespace TeleSante.Analysis.Tests;

/// <summary>The streaming beat features tell the generator's ectopic beats from its sinus beats, every detected beat gets
/// its features exactly once whatever the block size, and the hot path allocates nothing.</summary>
public sealed class BeatFeatureTests
{
    [Fact]
    public void Ventricular_beats_are_premature_wide_and_unlike_the_template_and_atrial_beats_are_premature_with_another_P()
    {
        var options = new SyntheticEcgOptions { Seed = 21, SampleRateHz = 360, HeartRateBpm = 70, EctopicProbability = 0.1, AtrialEctopicProbability = 0.1, AtrialEctopicPAmplitude = -0.6, MuscleNoiseMv = 0.01 };
        var byKind = Labelled(options, 180);

        var n = byKind[SyntheticBeatKind.Sinus];
        var v = byKind[SyntheticBeatKind.VentricularPremature];
        var s = byKind[SyntheticBeatKind.AtrialPremature];
        v.Should().HaveCountGreaterThan(10);
        s.Should().HaveCountGreaterThan(10);

        Median(n, f => f.TemplateCorrelation).Should().BeGreaterThan(0.97f);
        Median(n, f => f.PreRrRatio).Should().BeInRange(0.9f, 1.1f);
        Median(n, f => f.PWaveCorrelation).Should().BeGreaterThan(0.8f);

        Median(v, f => f.PreRrRatio).Should().BeLessThan(0.8f);
        Median(v, f => f.PostPreRatio).Should().BeGreaterThan(1.5f, "a compensatory pause follows");
        Median(v, f => f.WidthRatio).Should().BeGreaterThan(1.5f);
        Median(v, f => f.TemplateCorrelation).Should().BeLessThan(0.85f);

        Median(s, f => f.PreRrRatio).Should().BeLessThan(0.85f);
        Median(s, f => f.TemplateCorrelation).Should().BeGreaterThan(0.95f, "an atrial beat conducts normally");
        Median(s, f => f.PWaveCorrelation).Should().BeLessThan(0.3f, "its P wave is inverted");
    }

    [Fact]
    public void In_bigeminy_the_reference_template_is_the_narrow_sinus_beat()
    {
        var byKind = Labelled(new SyntheticEcgOptions { Seed = 22, SampleRateHz = 500, HeartRateBpm = 75, Bigeminy = true, MuscleNoiseMv = 0.01 }, 120);

        byKind[SyntheticBeatKind.Sinus].Skip(4).Should().OnlyContain(f => f.TemplateCorrelation > 0.9f && f.WidthRatio < 1.3f);
        byKind[SyntheticBeatKind.VentricularPremature].Skip(4).Should().OnlyContain(f => f.WidthRatio > 1.3f);
    }

    [Fact]
    public void Every_detected_beat_gets_its_features_once_in_order_whatever_the_block_size()
    {
        var (signal, _) = Support.TestData.Synthetic(new SyntheticEcgOptions { Seed = 23, SampleRateHz = 250, HeartRateBpm = 90, EctopicProbability = 0.15, MuscleNoiseMv = 0.02 }, 90);
        var samples = Support.TestData.AsFloats(signal);
        var detector = new QrsDetectorOptions { SampleRateHz = 250 };
        var features = new BeatFeatureOptions { SampleRateHz = 250, Noise = new NoiseMarkerOptions { SampleRateHz = 250 } };

        var beats = Detection.Run(samples, detector).Beats;
        var large = BeatAnalysis.Run(samples, detector, features, blockSize: 1000);
        var single = BeatAnalysis.Run(samples, detector, features, blockSize: 1);

        large.Beats.Select(f => f.Beat.SampleIndex).Should().Equal(beats.Select(b => b.SampleIndex));
        single.Beats.Should().Equal(large.Beats);
        large.Beats.Take(large.Beats.Count - 1).Should().OnlyContain(f => f.HasPostRr);
        large.Beats[^1].HasPostRr.Should().BeFalse("the last beat has no successor");
    }

    [Fact]
    public void Features_are_emitted_once_the_next_beat_is_detected()
    {
        var (signal, _) = Support.TestData.Synthetic(new SyntheticEcgOptions { Seed = 24, SampleRateHz = 500, HeartRateBpm = 60 }, 30);
        var samples = Support.TestData.AsFloats(signal);
        var detector = new QrsDetector(new QrsDetectorOptions { SampleRateHz = 500 });
        var sink = new RecordingSink();
        var extractor = new BeatFeatureExtractor(new BeatFeatureOptions { SampleRateHz = 500 }, sink);
        var detected = new BeatCollector();
        var tee = new TeeSink(extractor, detected);
        for (var at = 0; at < samples.Length; at += 50)
        {
            var block = samples.AsSpan(at, 50);
            extractor.AddSamples(block);
            detector.Process(block, tee);
            sink.Now = at + 50;
        }

        // Beat k is emitted during the block in which beat k + 1 was detected (the post-RR is known from then on).
        sink.EmittedAt.Should().HaveCountGreaterThan(20);
        for (var k = 0; k < sink.EmittedAt.Count; k++)
        {
            var next = detected.Beats[k + 1].DetectedAtSample;
            sink.EmittedAt[k].Should().BeInRange(next - 50, next + 50);
        }
    }

    [Fact]
    public void Extracting_allocates_nothing_on_a_warm_extractor()
    {
        var (signal, _) = Support.TestData.Synthetic(new SyntheticEcgOptions { SampleRateHz = 500, HeartRateBpm = 80, EctopicProbability = 0.1, AtrialEctopicProbability = 0.1, MuscleNoiseMv = 0.02, Seed = 2 }, 40);
        var frames = Support.TestData.AsFloats(signal);
        frames.AsSpan(25 * 500, 3 * 500).Fill(float.NaN);
        var detector = new QrsDetector(new QrsDetectorOptions { SampleRateHz = 500 });
        var sink = new RecordingSink(capacity: 1000);
        var extractor = new BeatFeatureExtractor(new BeatFeatureOptions { SampleRateHz = 500, Noise = new NoiseMarkerOptions { SampleRateHz = 500 } }, sink);
        var warm = 10 * 500;
        extractor.AddSamples(frames.AsSpan(0, warm));
        detector.Process(frames.AsSpan(0, warm), extractor);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var at = warm; at < frames.Length; at += 64)
        {
            var block = frames.AsSpan(at, Math.Min(64, frames.Length - at));
            extractor.AddSamples(block);
            detector.Process(block, extractor);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.Should().Be(0);
        sink.EmittedAt.Should().HaveCountGreaterThan(30, "the measured part really produced features");
    }

    [Fact]
    public void Out_of_range_options_are_refused_naming_the_option()
    {
        var build = () => new BeatFeatureExtractor(new BeatFeatureOptions { SampleRateHz = 500, LeadCount = 2, Lead = 2 }, new BeatFeatureCollector());
        build.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("Lead");

        build = () => new BeatFeatureExtractor(new BeatFeatureOptions { SampleRateHz = 500, Noise = new NoiseMarkerOptions { SampleRateHz = 360 } }, new BeatFeatureCollector());
        build.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("Noise");
    }

    private static Dictionary<SyntheticBeatKind, List<BeatFeatures>> Labelled(SyntheticEcgOptions options, double seconds)
    {
        var generator = new SyntheticEcg(options);
        var length = (int)(seconds * options.SampleRateHz);
        var leads = Enumerable.Range(0, 12).Select(_ => new int[length]).ToArray();
        generator.Next(length, leads);
        var samples = leads[1].Select(v => (float)(v / options.GainAduPerMv)).ToArray();
        var result = BeatAnalysis.Run(samples, new QrsDetectorOptions { SampleRateHz = options.SampleRateHz }, new BeatFeatureOptions { SampleRateHz = options.SampleRateHz });
        var truth = generator.RPeakTimes.Select(t => (long)Math.Round(t * options.SampleRateHz)).ToArray();
        var byKind = Enum.GetValues<SyntheticBeatKind>().ToDictionary(k => k, _ => new List<BeatFeatures>());
        foreach (var f in result.Beats)
        {
            var i = Array.FindIndex(truth, t => Math.Abs(t - f.Beat.SampleIndex) <= 0.05 * options.SampleRateHz);
            if (i >= 0)
            {
                byKind[generator.BeatKinds[i]].Add(f);
            }
        }

        return byKind;
    }

    private static float Median(List<BeatFeatures> beats, Func<BeatFeatures, float> value)
    {
        var values = beats.Select(value).Order().ToList();
        return values[values.Count / 2];
    }

    private sealed class RecordingSink(int capacity = 0) : IBeatFeatureSink
    {
        public long Now { get; set; }

        public List<long> EmittedAt { get; } = new(capacity);

        public void OnBeat(in BeatFeatures features) => EmittedAt.Add(Now);

        public void OnUnanalysable(in UnanalysableSegment segment)
        {
        }
    }

    private sealed class TeeSink(IQrsEventSink first, IQrsEventSink second) : IQrsEventSink
    {
        public void OnBeat(in DetectedBeat beat)
        {
            first.OnBeat(beat);
            second.OnBeat(beat);
        }

        public void OnUnanalysable(in UnanalysableSegment segment)
        {
            first.OnUnanalysable(segment);
            second.OnUnanalysable(segment);
        }

        public void OnBeatsKnownUntil(long sampleIndex)
        {
            first.OnBeatsKnownUntil(sampleIndex);
            second.OnBeatsKnownUntil(sampleIndex);
        }
    }
}
