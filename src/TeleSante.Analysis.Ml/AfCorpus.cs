using TeleSante.Analysis.Noise;
using TeleSante.Analysis.Quality;
using TeleSante.Analysis.Rhythms;
using TeleSante.Signal.Synthesis;
using TeleSante.Signal.Wfdb;

namespace TeleSante.Analysis.Ml;

/// <summary>
/// The labelled windows the AF classifier learns from and is judged on. Every window's features come from the QRS
/// detector's beats on one lead (not from the generator's true beat times), so the model sees what it sees in service,
/// detection errors included.
/// </summary>
public static class AfCorpus
{
    // Leads a synthetic record may be analysed on: II (tall R, clear P), I, V1 (rS, small P), V5.
    private static readonly int[] Leads = [1, 0, 6, 10];
    private static readonly double[] Rates = [250, 360, 500];
    private static readonly NoiseKind[] NoiseKinds = [NoiseKind.MuscleArtifact, NoiseKind.ElectrodeMotion, NoiseKind.Mixed, NoiseKind.BaselineWander];

    /// <summary>Generator seed of training record <paramref name="index"/> (<see cref="SyntheticSeeds.Training"/>).</summary>
    public static int TrainingSeed(int runSeed, int index) => SyntheticSeeds.Training(runSeed, index);

    /// <summary>Generator seed of evaluation record <paramref name="index"/> (<see cref="SyntheticSeeds.Evaluation"/>).</summary>
    public static int EvaluationSeed(int runSeed, int index) => SyntheticSeeds.Evaluation(runSeed, index);

    /// <summary>The windows of one synthetic record whose rhythm, rate, ectopy, lead, sampling rate and noise are drawn
    /// from <paramref name="seed"/>.</summary>
    public static List<AfLabelledWindow> Synthetic(int seed, double seconds, int stride)
    {
        var random = new Random(seed);
        var kind = random.Next(6);
        var rate = Rates[random.Next(Rates.Length)];
        var options = new SyntheticEcgOptions
        {
            Seed = seed,
            SampleRateHz = rate,
            MuscleNoiseMv = 0.005 + (0.025 * random.NextDouble()),
            BaselineWanderMv = 0.2 * random.NextDouble(),
        };
        (string Name, SyntheticEcgOptions Options) drawn = kind switch
        {
            0 => ("sinus", options with { HeartRateBpm = Between(random, 45, 160) }),
            1 => ("sinus-arrhythmia", options with { HeartRateBpm = Between(random, 50, 100), SinusArrhythmia = Between(random, 0.05, 0.15) }),
            2 => ("pac", options with { HeartRateBpm = Between(random, 55, 110), AtrialEctopicProbability = Between(random, 0.03, 0.4) }),
            3 => ("pvc", options with { HeartRateBpm = Between(random, 55, 110), EctopicProbability = Between(random, 0.03, 0.25) }),
            4 => ("bigeminy", options with { HeartRateBpm = Between(random, 55, 100), Bigeminy = true }),
            _ => ("af", options with { HeartRateBpm = Between(random, 50, 180), Rhythm = Rhythm.AtrialFibrillation }),
        };
        var lead = Leads[random.Next(Leads.Length)];
        var generated = SyntheticLead.Generate(drawn.Options, seconds, lead);
        var (signal, truth) = (generated.Signal, generated.Beats);

        // A third of the records also carry NSTDB-style noise over their whole length, at 6 to 24 dB (the detector errs more below 12 dB, which the model must tolerate).
        if (random.NextDouble() < 1.0 / 3)
        {
            var noise = NoiseKinds[random.Next(NoiseKinds.Length)];
            signal = NoiseStressTest.Apply(signal, truth, rate, noise, Between(random, 6, 24), seed, NoiseProtocol.Continuous).Samples;
        }

        return Windows(signal, rate, stride).Select(f => new AfLabelledWindow("synthetic", drawn.Name, seed, lead, drawn.Name == "af", f)).ToList();
    }

    /// <summary>The windows of lead <paramref name="lead"/> of a real record with no atrial fibrillation (MIT-BIH 100).</summary>
    public static List<AfLabelledWindow> SinusRecord(WfdbRecord record, string name, int lead, int stride)
    {
        var signal = new double[record.SampleCount];
        for (var i = 0; i < signal.Length; i++)
        {
            signal[i] = record.ToPhysical(lead, i);
        }

        return Windows(signal, record.SamplingFrequency, stride).Select(f => new AfLabelledWindow(name, "record", 0, lead, false, f)).ToList();
    }

    /// <summary>Runs the detector over <paramref name="signal"/> (mV) and returns each window's features.</summary>
    public static List<float[]> Windows(double[] signal, double rate, int stride)
    {
        var samples = new float[signal.Length];
        for (var i = 0; i < signal.Length; i++)
        {
            samples[i] = (float)signal[i];
        }

        var beats = Detection.Run(samples, new QrsDetectorOptions { SampleRateHz = rate }).Beats;
        return RhythmWindows.Slide(beats, signal, rate, RhythmWindows.DefaultIntervals, stride).Select(w => w.Features()).ToList();
    }

    /// <summary>As <see cref="Windows"/>, but the lead is also watched by the <see cref="NoiseMarker"/> and no window is
    /// proposed over a stretch it marks noisy: what the service does. Returns the windows and how many were skipped.</summary>
    public static (List<float[]> Windows, int Skipped) AnalysableWindows(double[] signal, double rate, int stride)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var samples = new float[signal.Length];
        for (var i = 0; i < signal.Length; i++)
        {
            samples[i] = (float)signal[i];
        }

        var beats = Detection.Run(samples, new QrsDetectorOptions { SampleRateHz = rate }).Beats;
        var marker = new NoiseMarker(new NoiseMarkerOptions { SampleRateHz = rate });
        var noise = new BeatCollector();
        marker.Process(samples, noise);
        marker.Flush(noise);
        var all = RhythmWindows.Slide(beats, signal, rate, RhythmWindows.DefaultIntervals, stride).Count;
        var kept = RhythmWindows.Slide(beats, signal, rate, noise.Unanalysable, RhythmWindows.DefaultIntervals, stride).Select(w => w.Features()).ToList();
        return (kept, all - kept.Count);
    }

    private static double Between(Random random, double low, double high) => low + ((high - low) * random.NextDouble());
}
