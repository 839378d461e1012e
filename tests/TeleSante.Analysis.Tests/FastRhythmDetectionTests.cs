using TeleSante.Analysis.Scoring;
using TeleSante.Signal.Synthesis;
using Xunit.Abstractions;

namespace TeleSante.Analysis.Tests;

/// <summary>
/// A ventricular rate up to about 250/min must be detected beat for beat (a ventricular tachycardia at 180/min was found
/// at two beats in three, as a wide rhythm near 90/min), and a tall T wave still must not be taken for a beat in sinus
/// rhythm at any usual rate. Scored against the generator's true R peaks, every beat counted (learning included), one
/// lead (II) and the 12 leads combined, the signal generated as the recorder streams it (quarter-second blocks).
/// </summary>
public sealed class FastRhythmDetectionTests(ITestOutputHelper output)
{
    private const double Seconds = 40;

    [Theory]
    [InlineData(180, 500, 12)]
    [InlineData(180, 500, 1)]
    [InlineData(180, 360, 12)]
    [InlineData(180, 250, 12)]
    [InlineData(220, 500, 12)]
    [InlineData(220, 500, 1)]
    [InlineData(220, 360, 12)]
    [InlineData(220, 250, 1)]
    public void Every_beat_of_a_fast_ventricular_tachycardia_is_detected(double bpm, double rate, int leads)
    {
        foreach (var seed in new[] { 33, 34, 35 })
        {
            var options = new SyntheticEcgOptions { SampleRateHz = rate, HeartRateBpm = bpm, Rhythm = Rhythm.VentricularTachycardia, MuscleNoiseMv = 0.005, BaselineWanderMv = 0.05, MainsMv = 0.01, Seed = seed };

            var scored = Score(options, leads);

            output.WriteLine($"VT {bpm}/min, {rate} Hz, {leads} lead(s), seed {seed}: Se {scored.Sensitivity:P2}, +P {scored.PositivePredictivity:P2} ({scored.TruePositives} TP, {scored.FalseNegatives} FN, {scored.FalsePositives} FP)");
            scored.Sensitivity.Should().BeGreaterThanOrEqualTo(0.99, "every beat of a VT at {0}/min is a beat (seed {1})", bpm, seed);
            scored.PositivePredictivity.Should().BeGreaterThanOrEqualTo(0.99, "seed {0}", seed);
        }
    }

    [Theory]
    [InlineData(60, 500)]
    [InlineData(90, 360)]
    [InlineData(120, 500)]
    [InlineData(150, 500)]
    [InlineData(150, 250)]
    public void A_tall_peaked_T_wave_is_not_counted_as_a_beat_in_sinus_rhythm(double bpm, double rate)
    {
        // T four times the usual (1.1–1.2 mV in V2–V3, as tall as the QRS) and half as wide: the peaked T of hyperkalaemia.
        // Without the T-wave rule (TWaveSlopeRatio = 0) half the beats found at 60/min are such T waves. Scored from 1 s:
        // the stream's very first complex falls in the filters' and the leads' normalisation start-up (README, Detector).
        foreach (var (lead, seed) in new[] { (7, 51), (8, 52), (1, 53) })
        {
            var options = new SyntheticEcgOptions { SampleRateHz = rate, HeartRateBpm = bpm, TWaveScale = 4, TWaveWidthScale = 0.5, MuscleNoiseMv = 0.005, BaselineWanderMv = 0.05, MainsMv = 0.01, Seed = seed };

            var single = Score(options, 1, lead, fromSeconds: 1);
            var all = Score(options, 12, fromSeconds: 1);

            output.WriteLine($"sinus {bpm}/min, tall T, {rate} Hz, seed {seed}: lead {lead} Se {single.Sensitivity:P2} +P {single.PositivePredictivity:P2}; 12 leads Se {all.Sensitivity:P2} +P {all.PositivePredictivity:P2}");
            single.PositivePredictivity.Should().BeGreaterThanOrEqualTo(0.995, "a T wave is not a beat (lead {0})", lead);
            all.PositivePredictivity.Should().BeGreaterThanOrEqualTo(0.995, "a T wave is not a beat (12 leads)");
            single.Sensitivity.Should().BeGreaterThanOrEqualTo(0.99);
            all.Sensitivity.Should().BeGreaterThanOrEqualTo(0.99);
        }
    }

    private static BeatByBeatResult Score(SyntheticEcgOptions options, int leads, int lead = 1, double fromSeconds = 0)
    {
        var rate = options.SampleRateHz;
        var generator = new SyntheticEcg(options);
        var block = (int)(rate / 4);
        var length = (int)(Seconds * rate) / block * block;
        var chunk = new int[12][];
        for (var l = 0; l < 12; l++)
        {
            chunk[l] = new int[block];
        }

        var frames = new float[length * leads];
        for (var at = 0; at < length; at += block)
        {
            generator.Next(block, chunk);
            for (var i = 0; i < block; i++)
            {
                for (var l = 0; l < leads; l++)
                {
                    frames[((at + i) * leads) + l] = chunk[leads == 1 ? lead : l][i] / (float)options.GainAduPerMv;
                }
            }
        }

        var result = Detection.Run(frames, new QrsDetectorOptions { SampleRateHz = rate }, leads, block);
        var truth = generator.RPeakTimes.Select(t => (long)Math.Round(t * rate)).Where(i => i < length - (0.1 * rate)).Select(i => new ScoredBeat(i, BeatClass.N)).ToList();
        var found = Ec57.Beats(result.Beats.Where(b => b.SampleIndex < length - (0.1 * rate)));
        return BeatByBeat.Compare(truth, found, rate, new BeatByBeatOptions { LearningPeriodSeconds = fromSeconds });
    }
}
