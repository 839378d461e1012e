using System.Globalization;
using TeleSante.Analysis.Noise;
using TeleSante.Analysis.Scoring;
using TeleSante.Signal.Synthesis;
using TeleSante.CommandLine;

namespace TeleSante.Analysis.Tool;

/// <summary>
/// <c>telesante-ecg evaluate</c>: every figure of the README's targets table, measured with the same code as bxb.
/// Prints Markdown tables.
/// </summary>
internal static class EvaluateCommand
{
    private static readonly double[] Snrs = [12, 6, 0];
    private static readonly NoiseKind[] Kinds = [NoiseKind.ElectrodeMotion, NoiseKind.MuscleArtifact, NoiseKind.BaselineWander, NoiseKind.Mixed];

    public static int Run(CommandArguments args, TextWriter output)
    {
        args.OnlyAllow("data", "seeds");
        var data = args.Text("data") ?? Path.Combine("data", "ecg");
        var seeds = args.Integer("seeds", 3);
        if (seeds is < 1 or > 100)
        {
            throw new UsageException("--seeds must be within 1..100");
        }

        Record100(Path.Combine(data, "100"), seeds, output);
        Synthetic(output);
        Ptb(Path.Combine(data, "s0010_re"), output);
        return 0;
    }

    private static void Record100(string path, int seeds, TextWriter output)
    {
        var input = RecordInput.Load(path, "atr");
        output.WriteLine("MIT-BIH record 100, EC57 bxb (150 ms window, first 5 min not counted); noise: nst protocol, seeds 1.." + seeds);
        output.WriteLine();
        output.WriteLine("| Lead | Noise | SNR | Target Se, +P | Se (worst seed) | +P (worst seed) | Se (mean) | +P (mean) | Met |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|");
        for (var lead = 0; lead < 2; lead++)
        {
            var clean = input.Lead(lead);
            var name = input.Record.Signals[lead].Description;
            var result = Score(input, clean);
            Row(output, name, "none", "—", 0.998, [result]);
            foreach (var kind in Kinds)
            {
                foreach (var snr in Snrs)
                {
                    var results = new List<BeatByBeatResult>();
                    for (var seed = 1; seed <= seeds; seed++)
                    {
                        var noisy = input.AddNoise(clean, kind, snr, seed, NoiseProtocol.Nst);
                        results.Add(Score(input, noisy.Samples));
                    }

                    Row(output, name, NoiseNames.Name(kind), $"{snr:0} dB", snr >= 12 ? 0.995 : snr >= 6 ? 0.98 : 0.90, results);
                }
            }
        }

        output.WriteLine();
    }

    private static BeatByBeatResult Score(RecordInput input, double[] lead)
    {
        var beats = Detection.Run(RecordInput.Interleave([lead]), new QrsDetectorOptions { SampleRateHz = input.Rate });
        return BeatByBeat.Compare(input.Reference, Ec57.Beats(beats.Beats), input.Rate);
    }

    private static void Row(TextWriter output, string lead, string noise, string snr, double target, IReadOnlyList<BeatByBeatResult> results)
    {
        var se = results.Min(r => r.Sensitivity);
        var pp = results.Min(r => r.PositivePredictivity);
        var met = se >= target && pp >= target ? "yes" : "**no**";
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {lead} | {noise} | {snr} | ≥ {100 * target:0.0} % | {Report.Percent(se)} | {Report.Percent(pp)} | {Report.Percent(results.Average(r => r.Sensitivity))} | {Report.Percent(results.Average(r => r.PositivePredictivity))} | {met} |"));
    }

    private static void Synthetic(TextWriter output)
    {
        output.WriteLine("Synthetic ECGs (TeleSante.Signal's generator, true R peaks known), 7 min each, every beat counted (learning included),");
        output.WriteLine("leads II, V1 (rS) and aVR (inverted); clean, and with mixed noise at 6 dB in nst segments after 5 min:");
        output.WriteLine();
        output.WriteLine("| Rate | Rhythm | Noise | Beats | Se | +P | Mean |error| of the fiducial point |");
        output.WriteLine("|---|---|---|---|---|---|---|");
        (string Name, SyntheticEcgOptions Options)[] rhythms =
        [
            ("sinus 50 bpm", new SyntheticEcgOptions { HeartRateBpm = 50 }),
            ("sinus 90 bpm, 10 % PVC", new SyntheticEcgOptions { HeartRateBpm = 90, EctopicProbability = 0.1 }),
            ("sinus 160 bpm", new SyntheticEcgOptions { HeartRateBpm = 160 }),
            ("AF 110 bpm", new SyntheticEcgOptions { HeartRateBpm = 110, Rhythm = Rhythm.AtrialFibrillation }),
        ];
        foreach (var rate in new[] { 250.0, 360, 500, 1000 })
        {
            var seed = 0;
            foreach (var (name, template) in rhythms)
            {
                seed++;
                var (leads, truth) = Generate(template with { SampleRateHz = rate, Seed = seed, MuscleNoiseMv = 0.01 }, 420);
                foreach (var noisy in new[] { false, true })
                {
                    int tp = 0, fn = 0, fp = 0, count = 0;
                    var error = 0.0;
                    foreach (var lead in new[] { 1, 6, 3 })
                    {
                        var signal = leads[lead];
                        if (noisy)
                        {
                            signal = NoiseStressTest.Apply(signal, truth, rate, NoiseKind.Mixed, 6, seed * 10 + lead).Samples;
                        }

                        var beats = Detection.Run(RecordInput.Interleave([signal]), new QrsDetectorOptions { SampleRateHz = rate }).Beats;
                        var reference = truth.Select(t => new ScoredBeat(t, BeatClass.N)).ToList();
                        var result = BeatByBeat.Compare(reference, Ec57.Beats(beats), rate, new BeatByBeatOptions { LearningPeriodSeconds = 0 });
                        tp += result.TruePositives;
                        fn += result.FalseNegatives;
                        fp += result.FalsePositives;
                        count += truth.Count;
                        error += beats.Sum(b => NearestDistance(truth, b.SampleIndex)) / Math.Max(1, beats.Count) / rate * 1000;
                    }

                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"| {rate:0} Hz | {name} | {(noisy ? "mix 6 dB" : "none")} | {count} | {Report.Percent((double)tp / (tp + fn))} | {Report.Percent((double)tp / (tp + fp))} | {error / 3:0.0} ms |"));
                }
            }
        }

        output.WriteLine();
    }

    private static (double[][] Leads, List<long> Truth) Generate(SyntheticEcgOptions options, double seconds)
    {
        var generator = new SyntheticEcg(options);
        var length = (int)(seconds * options.SampleRateHz);
        var block = new int[12][];
        var leads = new double[12][];
        for (var l = 0; l < 12; l++)
        {
            block[l] = new int[length];
            leads[l] = new double[length];
        }

        generator.Next(length, block);
        for (var l = 0; l < 12; l++)
        {
            for (var i = 0; i < length; i++)
            {
                leads[l][i] = block[l][i] / options.GainAduPerMv;
            }
        }

        var truth = generator.RPeakTimes.Select(t => (long)Math.Round(t * options.SampleRateHz)).Where(i => i >= 0 && i < length).ToList();
        return (leads, truth);
    }

    private static long NearestDistance(List<long> truth, long at)
    {
        var i = truth.BinarySearch(at);
        if (i >= 0)
        {
            return 0;
        }

        i = ~i;
        var best = long.MaxValue;
        if (i < truth.Count)
        {
            best = truth[i] - at;
        }

        if (i > 0)
        {
            best = Math.Min(best, at - truth[i - 1]);
        }

        return best;
    }

    private static void Ptb(string path, TextWriter output)
    {
        var input = RecordInput.Load(path, null);
        var leads = Enumerable.Range(0, 12).Select(input.Lead).ToList();
        var combined = Detection.Run(RecordInput.Interleave(leads), new QrsDetectorOptions { SampleRateHz = input.Rate }, 12).Beats;
        var reference = Ec57.Beats(combined);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"PTB s0010_re ({input.Record.SampleCount / input.Rate:0.0} s at {input.Rate:0} Hz, no reference annotations): the 12-lead detector finds {combined.Count} beats; each lead alone against it (agreement, not accuracy):"));
        output.WriteLine();
        output.WriteLine("| Lead | Beats | Agreement Se | Agreement +P |");
        output.WriteLine("|---|---|---|---|");
        for (var l = 0; l < 12; l++)
        {
            var beats = Detection.Run(RecordInput.Interleave([leads[l]]), new QrsDetectorOptions { SampleRateHz = input.Rate }).Beats;
            var result = BeatByBeat.Compare(reference, Ec57.Beats(beats), input.Rate, new BeatByBeatOptions { LearningPeriodSeconds = 0 });
            output.WriteLine($"| {input.Record.Signals[l].Description} | {beats.Count} | {Report.Percent(result.Sensitivity)} | {Report.Percent(result.PositivePredictivity)} |");
        }
    }
}
