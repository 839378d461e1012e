using TeleSante.Analysis.Beats;
using TeleSante.Analysis.Noise;
using TeleSante.Analysis.Quality;
using TeleSante.Analysis.Tests.Support;
using TeleSante.Signal.Synthesis;
using Xunit.Abstractions;

namespace TeleSante.Analysis.Tests;

/// <summary>
/// The noise marker judges noise, not the rhythm: a fast ventricular tachycardia, whose wide complexes fill a third of
/// the time or more, is not noise (it was: its beats all became Q, unanalysable), nor is sinus rhythm at any usual rate;
/// the same rhythms under NSTDB-style muscle or electrode-motion noise at 0 dB, and a lead that goes flat, still are.
/// The marker runs as the stream runs it: inside the feature extractor, beside the detector, block by block.
/// </summary>
public sealed class NoiseMarkerRhythmTests(ITestOutputHelper output)
{
    private const double Seconds = 40;

    [Theory]
    [InlineData(Rhythm.VentricularTachycardia, 140, 500)]
    [InlineData(Rhythm.VentricularTachycardia, 180, 500)]
    [InlineData(Rhythm.VentricularTachycardia, 180, 250)]
    [InlineData(Rhythm.VentricularTachycardia, 140, 360)]
    [InlineData(Rhythm.Sinus, 60, 500)]
    [InlineData(Rhythm.Sinus, 100, 360)]
    [InlineData(Rhythm.Sinus, 150, 500)]
    [InlineData(Rhythm.Sinus, 150, 250)]
    public void A_clean_rhythm_is_not_marked_noise_at_any_rate(Rhythm rhythm, double bpm, double rate)
    {
        var (signal, peaks) = Generate(rhythm, bpm, rate, seed: 3);

        var result = Run(signal, rate);

        output.WriteLine($"{rhythm} {bpm}/min at {rate} Hz: {result.Beats.Count} beats ({peaks.Length} true), {result.Beats.Count(b => b.Noisy)} noisy, segments {Describe(result.Unanalysable, rate)}");
        result.Unanalysable.Should().BeEmpty("a clean {0} at {1}/min is analysable", rhythm, bpm);
        result.Beats.Should().HaveCountGreaterThanOrEqualTo(peaks.Length - 2).And.OnlyContain(b => !b.Noisy);
    }

    [Theory]
    [InlineData(Rhythm.VentricularTachycardia, 140, NoiseKind.MuscleArtifact, 41)]
    [InlineData(Rhythm.VentricularTachycardia, 180, NoiseKind.MuscleArtifact, 42)]
    [InlineData(Rhythm.VentricularTachycardia, 140, NoiseKind.ElectrodeMotion, 43)]
    [InlineData(Rhythm.Sinus, 72, NoiseKind.MuscleArtifact, 44)]
    [InlineData(Rhythm.Sinus, 72, NoiseKind.ElectrodeMotion, 45)]
    [InlineData(Rhythm.Sinus, 150, NoiseKind.MuscleArtifact, 46)]
    public void The_same_rhythms_under_noise_at_0_dB_are_still_marked(Rhythm rhythm, double bpm, NoiseKind kind, int seed)
    {
        const double rate = 500;
        var (clean, peaks) = Generate(rhythm, bpm, rate, seed);
        // NSTDB's SNR (nst): S from the QRS peak-to-peak, N from the noise's RMS; noisy from 10 s to the end.
        var noise = NoiseGenerator.Generate(kind, clean.Length, rate, seed);
        var gain = NstAmplitude.GainFor(NstAmplitude.QrsPeakToPeak(clean, peaks, rate), NstAmplitude.NoiseRms(noise, rate), 0);
        var from = (int)(10 * rate);
        var signal = clean.Select((v, i) => i < from ? v : v + (gain * noise[i])).ToArray();

        var result = Run(signal, rate);

        var marked = result.Unanalysable.Where(s => s.Reason == UnanalysableReason.Noise).Sum(s => Math.Max(0, s.EndSample - Math.Max(s.StartSample, from)));
        var covered = (double)marked / (signal.Length - from);
        output.WriteLine($"{rhythm} {bpm}/min + {kind} 0 dB: {covered:P0} of the noisy part marked, {result.Beats.Count(b => b.Noisy)}/{result.Beats.Count} beats noisy, segments {Describe(result.Unanalysable, rate)}");
        covered.Should().BeGreaterThan(kind == NoiseKind.MuscleArtifact ? 0.8 : 0.5, "noise as strong as the QRS is marked");
        result.Unanalysable.Should().OnlyContain(s => s.StartSample >= from - rate, "the clean first 10 s are not marked");
    }

    [Fact]
    public void A_lead_that_goes_flat_during_a_fast_ventricular_tachycardia_is_unanalysable_and_the_tachycardia_around_it_is_not()
    {
        const double rate = 500;
        var (signal, _) = Generate(Rhythm.VentricularTachycardia, 160, rate, seed: 8);
        var off = (from: (int)(15 * rate), to: (int)(20 * rate));
        for (var i = off.from; i < off.to; i++)
        {
            signal[i] = 0.3; // lead off: the amplifier rests at a constant value
        }

        var result = Run(signal, rate);

        output.WriteLine($"segments {Describe(result.Unanalysable, rate)}");
        result.Unanalysable.Should().ContainSingle(s => s.Reason == UnanalysableReason.Flat)
            .Which.StartSample.Should().BeCloseTo(off.from, (ulong)(0.1 * rate));
        result.Unanalysable.Should().NotContain(s => s.Reason == UnanalysableReason.Noise && (s.EndSample <= off.from - rate || s.StartSample >= off.to + (4 * rate)),
            "the tachycardia away from the flat stretch (and the detector's relearning after it) is analysable");
        result.Beats.Where(b => b.Beat.SampleIndex < off.from - rate || b.Beat.SampleIndex > off.to + (4 * rate)).Should().OnlyContain(b => !b.Noisy);
    }

    private static (double[] Signal, long[] Peaks) Generate(Rhythm rhythm, double bpm, double rate, int seed) =>
        TestData.Synthetic(new SyntheticEcgOptions { SampleRateHz = rate, HeartRateBpm = bpm, Rhythm = rhythm, MuscleNoiseMv = 0.005, BaselineWanderMv = 0.05, MainsMv = 0.01, Seed = seed }, Seconds);

    // As the gateway: detector and extractor (with its noise marker) fed the same blocks, a quarter second each.
    private static BeatFeatureCollector Run(double[] signal, double rate) =>
        BeatAnalysis.Run(TestData.AsFloats(signal), new QrsDetectorOptions { SampleRateHz = rate },
            new BeatFeatureOptions { SampleRateHz = rate, Noise = new NoiseMarkerOptions { SampleRateHz = rate } }, blockSize: (int)(rate / 4));

    private static string Describe(IEnumerable<UnanalysableSegment> segments, double rate) =>
        string.Join(", ", segments.Select(s => $"{s.Reason} {s.StartSample / rate:0.0}-{s.EndSample / rate:0.0} s"));
}
