using System.Globalization;
using System.Text.Json;
using TeleSante.Analysis.Beats;
using TeleSante.Analysis.Ml;
using TeleSante.Analysis.Scoring;
using TeleSante.Signal.Wfdb;
using TeleSante.CommandLine;

namespace TeleSante.Analysis.Tool;

/// <summary>
/// <c>telesante-ecg train-beats</c>: generates the training and held-out evaluation beats, trains the one-versus-all
/// FastTree model, and writes OUT/beats/beat-model.zip, OUT/beats/beat-eval.csv (the held-out beats, features included)
/// and OUT/beats/beat-training.json (parameters and measured figures). MIT-BIH record 100 is used for evaluation only.
/// </summary>
internal static class TrainBeatsCommand
{
    public static int Run(CommandArguments args, TextWriter output)
    {
        args.OnlyAllow("out", "seed", "data", "training-records", "evaluation-records");
        var defaults = new BeatTrainingOptions();
        var options = new BeatTrainingOptions
        {
            Seed = args.Integer("seed", 1),
            TrainingRecords = args.Integer("training-records", defaults.TrainingRecords),
            EvaluationRecords = args.Integer("evaluation-records", defaults.EvaluationRecords),
        };
        TrainingArguments.Validate(options, options.Seed);

        var folder = Path.Combine(args.Text("out") ?? "models", BeatFiles.Folder);
        var data = args.Text("data") ?? Path.Combine("data", "ecg");
        var record = WfdbRecord.Read(Path.Combine(data, "100.hea"));
        var reference = Ec57.Beats(WfdbAnnotations.Read(Path.Combine(data, "100.atr"), record.SamplingFrequency));

        var training = ParallelRecords.Generate(options.TrainingRecords, i => BeatCorpus.Synthetic(SyntheticSeeds.Training(options.Seed, i), options.RecordSeconds));
        var evaluation = ParallelRecords.Generate(options.EvaluationRecords, i => BeatCorpus.Synthetic(SyntheticSeeds.Evaluation(options.Seed, i), options.RecordSeconds));
        for (var lead = 0; lead < record.Signals.Count; lead++)
        {
            evaluation.AddRange(BeatCorpus.Record(record, reference, "mitdb-100", lead));
        }

        Directory.CreateDirectory(folder);
        var modelPath = Path.Combine(folder, BeatFiles.Model);
        using (var model = File.Create(modelPath))
        {
            BeatTrainer.Train(training, options, model);
        }

        using (var csv = new StreamWriter(Path.Combine(folder, BeatFiles.EvaluationSet)))
        {
            BeatExampleCsv.Write(evaluation, csv);
        }

        var classifier = BeatClassifier.Load(modelPath);
        var synthetic = classifier.Evaluate(evaluation.Where(e => e.Source == "synthetic"));
        var report = new
        {
            trainer = "ML.NET 5.0.1 FastTree binary, one versus all (N, S, V), one thread",
            options.Seed,
            options.TrainingRecords,
            options.EvaluationRecords,
            options.RecordSeconds,
            options.NumberOfTrees,
            options.NumberOfLeaves,
            options.MinimumExampleCountPerLeaf,
            options.LearningRate,
            features = BeatFeatures.Names,
            trainingBeats = BeatConfusion.Classes.ToDictionary(c => c.ToString(), c => training.Count(e => e.Label == c)),
            heldOutGenerated = Figures(synthetic),
            record100 = Enumerable.Range(0, record.Signals.Count).ToDictionary(
                lead => record.Signals[lead].Description,
                lead => Figures(classifier.Evaluate(evaluation.Where(e => e.Source == "mitdb-100" && e.Lead == lead)))),
            modelBytes = new FileInfo(modelPath).Length,
        };
        File.WriteAllText(Path.Combine(folder, BeatFiles.Training), JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }) + "\n");

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trained on {training.Count} beats ({string.Join(", ", report.trainingBeats.Select(p => $"{p.Value} {p.Key}"))}) from {options.TrainingRecords} records; model {report.modelBytes} bytes in {folder}"));
        output.WriteLine();
        BeatReport.Write(classifier, evaluation, output);
        return 0;
    }

    private static object Figures(BeatConfusion c) => new
    {
        matrix = c.ToArray(),
        sensitivity = BeatConfusion.Classes.ToDictionary(k => k.ToString(), k => Round(c.Sensitivity(k))),
        positivePredictivity = BeatConfusion.Classes.ToDictionary(k => k.ToString(), k => Round(c.PositivePredictivity(k))),
    };

    // JSON has no NaN: a class with no beat (or none called) has no figure.
    private static double? Round(double value) => double.IsNaN(value) ? null : Math.Round(value, 6);
}
