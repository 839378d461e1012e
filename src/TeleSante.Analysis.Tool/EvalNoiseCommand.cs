using System.Globalization;
using TeleSante.Analysis.Ml;
using TeleSante.Analysis.Noise;
using TeleSante.Analysis.Quality;
using TeleSante.CommandLine;

namespace TeleSante.Analysis.Tool;

/// <summary>
/// <c>telesante-ecg eval-noise</c>: record 100 with NSTDB-style noise, lead by lead: how much of the noisy and of the
/// clean stretches the <see cref="NoiseMarker"/> marks (nst protocol), and how many 30-interval windows the committed
/// AF model calls AF over the whole noisy record (continuous protocol), every window against the windows outside the
/// marked stretches (what the service proposes). Prints Markdown tables.
/// </summary>
internal static class EvalNoiseCommand
{
    private static readonly NoiseKind[] Kinds = [NoiseKind.MuscleArtifact, NoiseKind.ElectrodeMotion, NoiseKind.Mixed, NoiseKind.BaselineWander];
    private static readonly double[] Snrs = [12, 6, 0];

    public static int Run(CommandArguments args, TextWriter output)
    {
        args.OnlyAllow("data", "model", "seed");
        var data = args.Text("data") ?? Path.Combine("data", "ecg");
        var seed = args.Integer("seed", 1);
        var input = RecordInput.Load(Path.Combine(data, "100"), "atr");
        var classifier = AfClassifier.Load(Path.Combine(args.Text("model") ?? Path.Combine("models", "af"), AfFiles.Model));

        output.WriteLine($"Noise marking, record 100 (nst protocol, noise seed {seed}): share of the noisy / clean stretches after the first 5 minutes marked unanalysable");
        output.WriteLine();
        output.WriteLine("| Lead | Noise | 12 dB | 6 dB | 0 dB |");
        output.WriteLine("|---|---|---|---|---|");
        for (var lead = 0; lead < 2; lead++)
        {
            var clean = input.Lead(lead);
            output.WriteLine($"| {input.Record.Signals[lead].Description} | none | {Report.Percent(MarkedShare(Mark(clean, input.Rate), 300 * (long)input.Rate, clean.Length))} clean | | |");
            foreach (var kind in Kinds)
            {
                var cells = Snrs.Select(snr =>
                {
                    var noisy = input.AddNoise(clean, kind, snr, seed, NoiseProtocol.Nst);
                    var marked = Mark(noisy.Samples, input.Rate);
                    var inNoise = noisy.NoisySegments.Sum(s => Overlap(marked, s.Start, s.End));
                    var noiseLength = noisy.NoisySegments.Sum(s => s.End - s.Start);
                    var scored = clean.Length - (300 * (long)input.Rate);
                    var inClean = Overlap(marked, 300 * (long)input.Rate, clean.Length) - inNoise;
                    return $"{Report.Percent((double)inNoise / noiseLength)} / {Report.Percent((double)inClean / (scored - noiseLength))}";
                });
                output.WriteLine($"| {input.Record.Signals[lead].Description} | {NoiseNames.Name(kind)} | {string.Join(" | ", cells)} |");
            }
        }

        output.WriteLine();
        output.WriteLine($"AF windows of record 100 with noise over its whole length after 5 min (continuous protocol, noise seed {seed}), every 30-interval window: called AF / windows, all windows → outside marked stretches");
        output.WriteLine();
        output.WriteLine("| Lead | Noise | 12 dB | 6 dB | 0 dB |");
        output.WriteLine("|---|---|---|---|---|");
        for (var lead = 0; lead < 2; lead++)
        {
            var clean = input.Lead(lead);
            foreach (var kind in Kinds)
            {
                var cells = Snrs.Select(snr =>
                {
                    var noisy = input.AddNoise(clean, kind, snr, seed, NoiseProtocol.Continuous).Samples;
                    var all = AfCorpus.Windows(noisy, input.Rate, 1);
                    var (kept, _) = AfCorpus.AnalysableWindows(noisy, input.Rate, 1);
                    return $"{Called(classifier, all)} / {all.Count} → {Called(classifier, kept)} / {kept.Count}";
                });
                output.WriteLine($"| {input.Record.Signals[lead].Description} | {NoiseNames.Name(kind)} | {string.Join(" | ", cells)} |");
            }
        }

        return 0;
    }

    private static int Called(AfClassifier classifier, List<float[]> windows) => windows.Count(w => classifier.Predict(w).PredictedLabel);

    private static List<UnanalysableSegment> Mark(double[] signal, double rate)
    {
        var marker = new NoiseMarker(new NoiseMarkerOptions { SampleRateHz = rate });
        var sink = new BeatCollector();
        var samples = signal.Select(v => (float)v).ToArray();
        marker.Process(samples, sink);
        marker.Flush(sink);
        return sink.Unanalysable;
    }

    private static double MarkedShare(List<UnanalysableSegment> marked, long from, long to) => (double)Overlap(marked, from, to) / (to - from);

    private static long Overlap(List<UnanalysableSegment> marked, long start, long end) =>
        marked.Sum(m => Math.Max(0, Math.Min(m.EndSample, end) - Math.Max(m.StartSample, start)));
}
