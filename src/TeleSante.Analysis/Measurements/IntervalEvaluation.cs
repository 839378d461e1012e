using TeleSante.Signal.Synthesis;

namespace TeleSante.Analysis.Measurements;

/// <summary>
/// Interval accuracy against the synthetic generator's true wave boundaries, the way IEC 60601-2-25 asks for it (mean
/// and standard deviation of the error over a set of ECGs): each case is 10 s of 12 leads with a heart rate of 45–150
/// bpm, PR 120–240 ms, QRS 70–140 ms, QT from the rate (QTc 360–480 ms, Bazett or Fridericia), frontal QRS axis −30..+100°,
/// muscle noise 0–30 µV RMS, baseline wander 0–0.2 mV, and in one case out of four 5 % ventricular ectopic beats, all
/// drawn from one seed. The beats come from the 12-lead <see cref="QrsDetector"/>, not from the truth.
/// </summary>
public static class IntervalEvaluation
{
    public const double WindowSeconds = 10;

    public static IReadOnlyList<IntervalCase> Run(int count, int seed, double sampleRateHz = 500)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var random = new Random(seed);
        var measurer = new RestingEcgMeasurer(new RestingEcgOptions { SampleRateHz = sampleRateHz });
        var cases = new List<IntervalCase>(count);
        for (var c = 0; c < count; c++)
        {
            var options = Draw(random, sampleRateHz);
            cases.Add(Measure(options, measurer));
        }

        return cases;
    }

    public static SyntheticEcgOptions Draw(Random random, double sampleRateHz)
    {
        double Uniform(double min, double max) => min + ((max - min) * random.NextDouble());
        var pr = Uniform(120, 240);
        var axis = Uniform(-30, 100);
        var timing = new WaveTiming
        {
            PrMs = pr,
            PDurationMs = Math.Min(Uniform(80, 120), pr - 30),
            QrsMs = Uniform(70, 140),
            QtcMs = Uniform(360, 480),
            QtFormula = random.Next(2) == 0 ? QtFormula.Bazett : QtFormula.Fridericia,
            QrsAxisDegrees = axis,
            PAxisDegrees = Uniform(0, 75),
            TAxisDegrees = axis + Uniform(-45, 45),
        };
        return new SyntheticEcgOptions
        {
            SampleRateHz = sampleRateHz,
            HeartRateBpm = Uniform(45, 150),
            MuscleNoiseMv = Uniform(0, 0.03),
            BaselineWanderMv = Uniform(0, 0.2),
            EctopicProbability = random.Next(4) == 0 ? 0.05 : 0,
            Waves = timing,
            Seed = random.Next(),
        };
    }

    public static IntervalCase Measure(SyntheticEcgOptions options, RestingEcgMeasurer measurer)
    {
        var generator = new SyntheticEcg(options);
        var length = (int)(WindowSeconds * options.SampleRateHz);
        var block = new int[12][];
        for (var l = 0; l < 12; l++)
        {
            block[l] = new int[length];
        }

        generator.Next(length, block);
        var frames = new float[length * 12];
        for (var i = 0; i < length; i++)
        {
            for (var l = 0; l < 12; l++)
            {
                frames[(i * 12) + l] = (float)(block[l][i] / options.GainAduPerMv);
            }
        }

        var detected = Detection.Run(frames, new QrsDetectorOptions { SampleRateHz = options.SampleRateHz }, 12).Beats;
        var beats = detected.Select(b => b.SampleIndex).ToArray();
        var measured = measurer.Measure(frames, 12, beats);

        // The truth of the normal beats (all equal but for rounding to samples).
        var normal = generator.Boundaries.Where(b => !b.Ectopic).ToList();
        double Truth(Func<BeatBoundaries, long> interval) => normal.Average(b => (double)interval(b)) / options.SampleRateHz * 1000;
        return new IntervalCase(
            options,
            Truth(b => b.QrsOnset - b.POnset!.Value),
            Truth(b => b.QrsOffset - b.QrsOnset),
            Truth(b => b.TOffset - b.QrsOnset),
            measured);
    }
}
