using System.Globalization;
using System.Text.Json;
using TeleSante.Analysis.Ml;
using TeleSante.Analysis.Rhythms;
using TeleSante.Signal.Wfdb;
using TeleSante.CommandLine;

namespace TeleSante.Analysis.Tool;

/// <summary>
/// <c>telesante-ecg train-af</c>: generates the training and held-out evaluation windows, trains the FastTree model, and
/// writes OUT/af/af-model.zip, OUT/af/af-eval.csv (the held-out windows, features included) and OUT/af/af-training.json
/// (parameters and measured figures). MIT-BIH record 100 is used for evaluation only.
/// </summary>
internal static class TrainAfCommand
{
    public static int Run(CommandArguments args, TextWriter output)
    {
        args.OnlyAllow("out", "seed", "data", "training-records", "evaluation-records");
        var options = new AfTrainingOptions
        {
            Seed = args.Integer("seed", 1),
            TrainingRecords = args.Integer("training-records", new AfTrainingOptions().TrainingRecords),
            EvaluationRecords = args.Integer("evaluation-records", new AfTrainingOptions().EvaluationRecords),
        };
        TrainingArguments.Validate(options, options.Seed);

        var folder = Path.Combine(args.Text("out") ?? "models", "af");
        var data = args.Text("data") ?? Path.Combine("data", "ecg");
        var record = WfdbRecord.Read(Path.Combine(data, "100.hea"));

        var training = ParallelRecords.Generate(options.TrainingRecords, i => AfCorpus.Synthetic(AfCorpus.TrainingSeed(options.Seed, i), options.RecordSeconds, options.TrainingStride));
        var evaluation = ParallelRecords.Generate(options.EvaluationRecords, i => AfCorpus.Synthetic(AfCorpus.EvaluationSeed(options.Seed, i), options.RecordSeconds, RhythmWindows.DefaultIntervals));
        for (var lead = 0; lead < record.Signals.Count; lead++)
        {
            evaluation.AddRange(AfCorpus.SinusRecord(record, "mitdb-100", lead, RhythmWindows.DefaultIntervals));
        }

        Directory.CreateDirectory(folder);
        var modelPath = Path.Combine(folder, AfFiles.Model);
        using (var model = File.Create(modelPath))
        {
            AfTrainer.Train(training, options, model);
        }

        using (var csv = new StreamWriter(Path.Combine(folder, AfFiles.EvaluationSet)))
        {
            AfWindowCsv.Write(evaluation, csv);
        }

        var classifier = AfClassifier.Load(modelPath);
        var heldOut = classifier.Evaluate(evaluation);
        var record100 = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var lead = 0; lead < record.Signals.Count; lead++)
        {
            // Every window (stride 1 beat): "no AF anywhere in record 100".
            var all = AfCorpus.SinusRecord(record, "mitdb-100", lead, 1);
            record100[record.Signals[lead].Description] = classifier.Evaluate(all).FalsePositives;
        }

        var report = new
        {
            trainer = "ML.NET 5.0.1 FastTree binary, one thread",
            options.Seed,
            options.TrainingRecords,
            options.EvaluationRecords,
            options.RecordSeconds,
            options.TrainingStride,
            windowIntervals = RhythmWindows.DefaultIntervals,
            options.NumberOfTrees,
            options.NumberOfLeaves,
            options.MinimumExampleCountPerLeaf,
            options.LearningRate,
            features = RhythmWindow.FeatureNames,
            trainingWindows = training.Count,
            trainingAfWindows = training.Count(w => w.IsAf),
            evaluation = heldOut,
            sensitivity = Math.Round(heldOut.Sensitivity, 6),
            specificity = Math.Round(heldOut.Specificity, 6),
            record100AfWindowsPerLead = record100,
            modelBytes = new FileInfo(modelPath).Length,
        };
        File.WriteAllText(Path.Combine(folder, AfFiles.Training), JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }) + "\n");

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trained on {training.Count} windows ({report.trainingAfWindows} AF) from {options.TrainingRecords} records; model {report.modelBytes} bytes in {folder}"));
        output.WriteLine(string.Join(", ", record100.Select(p => $"record 100 {p.Key}: {p.Value} AF windows of every 30-beat window")));
        output.WriteLine();
        AfReport.Write(classifier, evaluation, output);
        return 0;
    }
}
