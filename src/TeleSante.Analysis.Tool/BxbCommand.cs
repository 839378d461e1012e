using System.Globalization;
using TeleSante.Analysis.Beats;
using TeleSante.Analysis.Ml;
using TeleSante.Analysis.Quality;
using TeleSante.Analysis.Scoring;
using TeleSante.Signal.Wfdb;
using TeleSante.CommandLine;

namespace TeleSante.Analysis.Tool;

/// <summary><c>telesante-ecg bxb</c>: one record, one lead (or all), the detector or an annotation file, scored per EC57.</summary>
internal static class BxbCommand
{
    public static int Run(CommandArguments args, TextWriter output)
    {
        args.OnlyAllow("record", "annotator", "lead", "test", "noise", "snr", "seed", "protocol", "window", "learning", "list", "beat-model");
        var path = args.Required("record");
        var input = RecordInput.Load(path, args.Required("annotator"));
        var scoring = new BeatByBeatOptions { MatchWindowSeconds = args.Number("window", 0.150), LearningPeriodSeconds = args.Number("learning", 300) };
        var rate = input.Rate;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"record {input.Record.Name}: {rate:0.###} Hz, {input.Record.SampleCount} samples ({input.Record.SampleCount / rate:0.0} s), {input.Reference.Count} reference beats ({args.Required("annotator")})"));

        IReadOnlyList<ScoredBeat> detected;
        if (args.Text("test") is { } testAnnotator)
        {
            if (args.Text("noise") is not null)
            {
                throw new UsageException("--noise applies to the built-in detector, not to an annotation file (--test)");
            }

            detected = Ec57.Beats(WfdbAnnotations.Read($"{path}.{testAnnotator}", rate));
            output.WriteLine($"detector: annotation file {testAnnotator}");
        }
        else
        {
            detected = Detect(input, args, output);
        }

        var result = BeatByBeat.Compare(input.Reference, detected, rate, scoring);
        Report.Print(result, rate, output);
        Report.Mismatches(result, rate, output, args.Integer("list", 0));
        return 0;
    }

    private static IReadOnlyList<ScoredBeat> Detect(RecordInput input, CommandArguments args, TextWriter output)
    {
        var leadText = args.Text("lead") ?? "0";
        int[] leadIndexes = leadText == "all"
            ? [.. Enumerable.Range(0, input.Record.Signals.Count)]
            : [int.TryParse(leadText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var lead) ? lead : throw new UsageException($"--lead must be a lead number or all, got '{leadText}'")];
        var leads = leadIndexes.Select(input.Lead).ToList();

        if (args.Text("noise") is { } noiseText)
        {
            var kind = NoiseNames.Parse(noiseText);
            var snr = args.Number("snr", double.NaN);
            if (double.IsNaN(snr))
            {
                throw new UsageException("--noise needs --snr");
            }

            var seed = args.Integer("seed", 1);
            var protocol = NoiseNames.ParseProtocol(args.Text("protocol"));
            for (var i = 0; i < leads.Count; i++)
            {
                var noisy = input.AddNoise(leads[i], kind, snr, seed + i, protocol);
                leads[i] = noisy.Samples;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"noise on lead {leadIndexes[i]}: {noiseText} at {snr:0.#} dB ({protocol.ToString().ToLowerInvariant()} protocol, seed {seed + i}), QRS p-p {noisy.QrsPeakToPeak:0.000} mV, noise gain {noisy.Gain:0.000}"));
            }
        }
        else if (args.Text("snr") is not null || args.Text("seed") is not null || args.Text("protocol") is not null)
        {
            throw new UsageException("--snr, --seed and --protocol need --noise");
        }

        var options = new QrsDetectorOptions { SampleRateHz = input.Rate };
        var names = string.Join(", ", leadIndexes.Select(i => $"{i} ({input.Record.Signals[i].Description})"));
        var modelPath = args.Text("beat-model") ?? BeatFiles.DefaultModel;
        if (modelPath == "none" || (args.Text("beat-model") is null && !File.Exists(modelPath)))
        {
            var beats = Detection.Run(RecordInput.Interleave(leads), options, leads.Count);
            output.WriteLine($"detector: TeleSante QRS detector on lead {names}; {beats.Beats.Count} beats, {beats.Unanalysable.Count} unanalysable segments; beats not classified");
            return Ec57.Beats(beats.Beats);
        }

        // Classes from the beat classifier, shape taken on the first lead given; beats in noise are Q.
        var classifier = BeatClassifier.Load(modelPath);
        var features = BeatAnalysis.Run(
            RecordInput.Interleave(leads),
            options,
            new BeatFeatureOptions { SampleRateHz = input.Rate, LeadCount = leads.Count, Noise = new NoiseMarkerOptions { SampleRateHz = input.Rate } });
        var classified = features.Beats.Select(f => f.Beat with { Class = classifier.Classify(f, out _) }).ToList();
        var noise = features.Unanalysable.Where(u => u.Reason == UnanalysableReason.Noise).ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"detector: TeleSante QRS detector on lead {names}; {classified.Count} beats, {features.Unanalysable.Count - noise.Count} unanalysable segments; classes from {modelPath} (shape on lead {leadIndexes[0]}); {noise.Count} noisy stretches ({noise.Sum(n => n.EndSample - n.StartSample) / input.Rate:0} s), their beats Q"));
        return Ec57.Beats(classified);
    }
}
