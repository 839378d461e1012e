using TeleSante.Analysis.Beats;
using TeleSante.Analysis.Noise;
using TeleSante.Analysis.Quality;
using TeleSante.Analysis.Scoring;
using TeleSante.Signal.Synthesis;
using TeleSante.Signal.Wfdb;

namespace TeleSante.Analysis.Ml;

/// <summary>
/// The labelled beats the beat classifier learns from and is judged on. Features come from the QRS detector's beats and
/// the streaming <see cref="BeatFeatureExtractor"/> (not from the generator's true beat times), so the model sees what
/// it sees in service; each detected beat takes the class of the reference beat within 150 ms (EC57's match window).
/// Detected beats with no reference beat (false detections), reference classes other than N, S and V, and beats the
/// noise marker flags (they are class Q in service, never classified) are left out.
/// </summary>
public static class BeatCorpus
{
    // II (tall R, clear P), I, V1 (rS, small P), V5.
    private static readonly int[] Leads = [1, 0, 6, 10];
    private static readonly double[] Rates = [250, 360, 500];
    private static readonly NoiseKind[] NoiseKinds = [NoiseKind.MuscleArtifact, NoiseKind.ElectrodeMotion, NoiseKind.Mixed, NoiseKind.BaselineWander];

    /// <summary>EC57's match window, seconds.</summary>
    public const double MatchSeconds = 0.150;

    /// <summary>The beats of one synthetic record whose rhythm, ectopy, morphology, lead, sampling rate and noise are drawn
    /// from <paramref name="seed"/>.</summary>
    public static List<BeatLabelledExample> Synthetic(int seed, double seconds)
    {
        var random = new Random(seed);
        var kind = random.Next(6);
        var rate = Rates[random.Next(Rates.Length)];
        var axis = Between(random, -30, 100);
        var options = new SyntheticEcgOptions
        {
            Seed = seed,
            SampleRateHz = rate,
            MuscleNoiseMv = 0.005 + (0.025 * random.NextDouble()),
            BaselineWanderMv = 0.2 * random.NextDouble(),
            // Half the records with the timed waves: varied QRS width, PR and axes.
            Waves = random.NextDouble() < 0.5
                ? new WaveTiming
                {
                    PrMs = Between(random, 120, 220),
                    QrsMs = Between(random, 70, 115),
                    QtcMs = Between(random, 380, 450),
                    QrsAxisDegrees = axis,
                    PAxisDegrees = Between(random, 0, 75),
                    TAxisDegrees = axis + Between(random, -30, 30),
                }
                : null,
            // Ectopic P: inverted (low atrial or junctional focus) or flattened; ectopic QRS of either polarity.
            AtrialEctopicPAmplitude = random.NextDouble() < 0.5 ? Between(random, -0.9, -0.3) : Between(random, 0.1, 0.6),
            VentricularEctopicScale = (random.NextDouble() < 0.5 ? -1 : 1) * Between(random, 0.7, 1.3),
        };
        (string Name, SyntheticEcgOptions Options) drawn = kind switch
        {
            0 => ("sinus", options with { HeartRateBpm = Between(random, 45, 150), SinusArrhythmia = Between(random, 0, 0.12) }),
            1 => ("pac", options with { HeartRateBpm = Between(random, 50, 120), AtrialEctopicProbability = Between(random, 0.05, 0.3) }),
            2 => ("pvc", options with { HeartRateBpm = Between(random, 50, 120), EctopicProbability = Between(random, 0.03, 0.25), CoupletProbability = Between(random, 0, 0.3) }),
            3 => ("bigeminy", options with { HeartRateBpm = Between(random, 50, 100), Bigeminy = true }),
            4 => ("mixed", options with { HeartRateBpm = Between(random, 50, 110), AtrialEctopicProbability = Between(random, 0.05, 0.2), EctopicProbability = Between(random, 0.03, 0.15) }),
            _ => ("af-pvc", options with { HeartRateBpm = Between(random, 60, 150), Rhythm = Rhythm.AtrialFibrillation, EctopicProbability = Between(random, 0, 0.15) }),
        };
        var lead = Leads[random.Next(Leads.Length)];
        var generated = SyntheticLead.Generate(drawn.Options, seconds, lead);
        var signal = generated.Signal;

        // A third of the records carry NSTDB-style noise over their whole length at 6 to 24 dB.
        if (random.NextDouble() < 1.0 / 3)
        {
            var noise = NoiseKinds[random.Next(NoiseKinds.Length)];
            signal = NoiseStressTest.Apply(signal, generated.Beats, rate, noise, Between(random, 6, 24), seed, NoiseProtocol.Whole).Samples;
        }

        var reference = new ScoredBeat[generated.Beats.Length];
        for (var i = 0; i < reference.Length; i++)
        {
            reference[i] = new ScoredBeat(generated.Beats[i], ClassOf(generated.Kinds[i]));
        }

        return Label(Extract(signal, rate), reference, rate).Select(b => new BeatLabelledExample("synthetic", drawn.Name, seed, lead, b.Label, Rounded(b.Features))).ToList();
    }

    /// <summary>The beats of lead <paramref name="lead"/> of an annotated real record (MIT-BIH 100).</summary>
    public static List<BeatLabelledExample> Record(WfdbRecord record, IReadOnlyList<ScoredBeat> reference, string name, int lead)
    {
        ArgumentNullException.ThrowIfNull(record);
        var signal = new double[record.SampleCount];
        for (var i = 0; i < signal.Length; i++)
        {
            signal[i] = record.ToPhysical(lead, i);
        }

        return Label(Extract(signal, record.SamplingFrequency), reference, record.SamplingFrequency)
            .Select(b => new BeatLabelledExample(name, "record", 0, lead, b.Label, Rounded(b.Features))).ToList();
    }

    /// <summary>The detector's beats of <paramref name="signal"/> (one lead, mV) with their features, noise marked.</summary>
    public static BeatFeatureCollector Extract(double[] signal, double rate)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var samples = new float[signal.Length];
        for (var i = 0; i < signal.Length; i++)
        {
            samples[i] = (float)signal[i];
        }

        return BeatAnalysis.Run(samples, new QrsDetectorOptions { SampleRateHz = rate }, new BeatFeatureOptions { SampleRateHz = rate, Noise = new NoiseMarkerOptions { SampleRateHz = rate } });
    }

    /// <summary>The class of each detected, classifiable beat: that of the closest reference beat within
    /// <see cref="MatchSeconds"/>, each reference beat taken once.</summary>
    public static IEnumerable<(BeatClass Label, BeatFeatures Features)> Label(BeatFeatureCollector detected, IReadOnlyList<ScoredBeat> reference, double rate)
    {
        ArgumentNullException.ThrowIfNull(detected);
        ArgumentNullException.ThrowIfNull(reference);
        var window = (long)Math.Round(MatchSeconds * rate);
        var refs = reference.OrderBy(r => r.SampleIndex).ToArray();
        var used = new bool[refs.Length];
        var first = 0;
        foreach (var beat in detected.Beats)
        {
            var at = beat.Beat.SampleIndex;
            while (first < refs.Length && refs[first].SampleIndex < at - window)
            {
                first++;
            }

            var best = -1;
            for (var r = first; r < refs.Length && refs[r].SampleIndex <= at + window; r++)
            {
                if (!used[r] && (best < 0 || Math.Abs(refs[r].SampleIndex - at) < Math.Abs(refs[best].SampleIndex - at)))
                {
                    best = r;
                }
            }

            if (best < 0)
            {
                continue;
            }

            used[best] = true;
            if (!beat.Noisy && refs[best].Class is BeatClass.N or BeatClass.S or BeatClass.V)
            {
                yield return (refs[best].Class, beat);
            }
        }
    }

    /// <summary>The EC57 class of a generated beat.</summary>
    public static BeatClass ClassOf(SyntheticBeatKind kind) => kind switch
    {
        SyntheticBeatKind.AtrialPremature => BeatClass.S,
        SyntheticBeatKind.VentricularPremature => BeatClass.V,
        _ => BeatClass.N,
    };

    // Four decimals (0.1 ms on the RR values, 1e-4 on ratios and correlations): far below what the features can
    // resolve, and it keeps the committed evaluation set small. Training and evaluation see the same rounding.
    private static float[] Rounded(in BeatFeatures features)
    {
        var values = features.ToArray();
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = (float)Math.Round(values[i], 4);
        }

        return values;
    }

    private static double Between(Random random, double low, double high) => low + ((high - low) * random.NextDouble());
}
