using TeleSante.Analysis.Internal;

namespace TeleSante.Analysis.Noise;

/// <summary>
/// Generates noise like the three NSTDB noise records (Moody, Muldrow and Mark, Computers in Cardiology 11:381–384,
/// 1984: recorded on active volunteers with electrodes placed where the ECG is not visible). We do not have those
/// records, so the noise is synthesised at the ECG's own rate, reproducibly from a seed; its size is arbitrary
/// (<see cref="NoiseStressTest"/> scales it to the SNR asked for).
/// </summary>
public static class NoiseGenerator
{
    public static double[] Generate(NoiseKind kind, int length, double samplingFrequency, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (!(samplingFrequency >= 100) || !double.IsFinite(samplingFrequency))
        {
            throw new ArgumentOutOfRangeException(nameof(samplingFrequency), samplingFrequency, "must be at least 100 samples per second");
        }

        var random = new Random(seed);
        return kind switch
        {
            NoiseKind.BaselineWander => BaselineWander(length, samplingFrequency, random),
            NoiseKind.ElectrodeMotion => ElectrodeMotion(length, samplingFrequency, random),
            NoiseKind.MuscleArtifact => Muscle(length, samplingFrequency, random),
            NoiseKind.Mixed => Mixed(length, samplingFrequency, random),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown noise kind"),
        };
    }

    // Respiration (0.15–0.4 Hz, its depth varying), a slower sway (0.03–0.15 Hz) and a random drift below 0.5 Hz.
    private static double[] BaselineWander(int length, double fs, Random random)
    {
        var respiration = 0.15 + (0.25 * random.NextDouble());
        var sway = 0.03 + (0.12 * random.NextDouble());
        var depth = 0.01 + (0.04 * random.NextDouble());
        var (p1, p2, p3) = (Phase(random), Phase(random), Phase(random));
        var drift = LowPassedGaussian(length, fs, 0.3, random);
        var driftScale = 0.8 / Math.Max(1e-12, Rms(drift));
        var noise = new double[length];
        for (var i = 0; i < length; i++)
        {
            var t = i / fs;
            noise[i] = (Math.Sin((2 * Math.PI * respiration * t) + p1) * (1 + (0.4 * Math.Sin((2 * Math.PI * depth * t) + p2))))
                + (0.7 * Math.Sin((2 * Math.PI * sway * t) + p3))
                + (driftScale * drift[i]);
        }

        return noise;
    }

    // Broadband EMG: white noise band-limited to 8..min(120 Hz, 0.4 fs), in bursts (a slowly varying envelope).
    private static double[] Muscle(int length, double fs, Random random)
    {
        var hp = Biquad.HighPass(8, fs, Math.Sqrt(0.5));
        var lp = Biquad.LowPass(Math.Min(120, 0.4 * fs), fs, Math.Sqrt(0.5));
        var envelope = LowPassedGaussian(length, fs, 0.2, random);
        var envelopeScale = 1 / Math.Max(1e-12, Rms(envelope));
        var noise = new double[length];
        for (var i = 0; i < length; i++)
        {
            var white = Gaussian(random);
            var band = lp.Step(hp.Step(white));
            noise[i] = band * (0.3 + Math.Abs(envelope[i] * envelopeScale));
        }

        return noise;
    }

    // Electrode motion: transients at random times (about one every 1.5 s) on top of some wander and EMG. Each is a
    // biphasic pulse (30–120 ms wide, QRS-like), a step that relaxes (0.1–0.8 s) or a brief damped 3–8 Hz oscillation,
    // with a log-normal size: mostly moderate, sometimes several times larger.
    private static double[] ElectrodeMotion(int length, double fs, Random random)
    {
        var noise = BaselineWander(length, fs, random);
        var bwScale = 0.3 / Math.Max(1e-12, NstAmplitude.NoiseRms(noise, fs));
        var muscle = Muscle(length, fs, random);
        var maScale = 0.15 / Math.Max(1e-12, NstAmplitude.NoiseRms(muscle, fs));
        for (var i = 0; i < length; i++)
        {
            noise[i] = (noise[i] * bwScale) + (muscle[i] * maScale);
        }

        var t = -Math.Log(1 - random.NextDouble()) * 1.5;
        while (t * fs < length)
        {
            var size = Math.Exp(0.6 * Gaussian(random)) * (random.NextDouble() < 0.5 ? -1 : 1);
            var at = (int)(t * fs);
            switch (random.Next(3))
            {
                case 0:
                    var width = (0.03 + (0.09 * random.NextDouble())) * fs;
                    for (var i = Math.Max(0, at - (int)(4 * width)); i < Math.Min(length, at + (int)(4 * width)); i++)
                    {
                        var z = (i - at) / width;
                        noise[i] += size * 1.6 * z * Math.Exp(-0.5 * z * z);
                    }

                    break;
                case 1:
                    var tau = (0.1 + (0.7 * random.NextDouble())) * fs;
                    for (var i = at; i < Math.Min(length, at + (int)(6 * tau)); i++)
                    {
                        noise[i] += size * Math.Exp(-(i - at) / tau);
                    }

                    break;
                default:
                    var frequency = 3 + (5 * random.NextDouble());
                    var decay = 0.15 * fs;
                    for (var i = at; i < Math.Min(length, at + (int)(5 * decay)); i++)
                    {
                        noise[i] += size * Math.Sin(2 * Math.PI * frequency * (i - at) / fs) * Math.Exp(-(i - at) / decay);
                    }

                    break;
            }

            t += -Math.Log(1 - random.NextDouble()) * 1.5;
        }

        return noise;
    }

    private static double[] Mixed(int length, double fs, Random random)
    {
        var parts = new[] { BaselineWander(length, fs, random), ElectrodeMotion(length, fs, random), Muscle(length, fs, random) };
        var noise = new double[length];
        foreach (var part in parts)
        {
            var scale = 1 / Math.Max(1e-12, NstAmplitude.NoiseRms(part, fs));
            for (var i = 0; i < length; i++)
            {
                noise[i] += part[i] * scale;
            }
        }

        return noise;
    }

    private static double[] LowPassedGaussian(int length, double fs, double cutoffHz, Random random)
    {
        // Two second-order sections: white noise becomes a smooth random process below the cut-off.
        var a = Biquad.LowPass(cutoffHz, fs, Math.Sqrt(0.5));
        var b = Biquad.LowPass(cutoffHz, fs, Math.Sqrt(0.5));
        var values = new double[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = b.Step(a.Step(Gaussian(random)));
        }

        return values;
    }

    private static double Rms(double[] values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v * v;
        }

        return values.Length == 0 ? 0 : Math.Sqrt(sum / values.Length);
    }

    private static double Phase(Random random) => 2 * Math.PI * random.NextDouble();

    private static double Gaussian(Random random)
    {
        // Box–Muller.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
