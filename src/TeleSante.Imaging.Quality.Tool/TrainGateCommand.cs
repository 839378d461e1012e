using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using TeleSante.CommandLine;

namespace TeleSante.Imaging.Quality.Tool;

/// <summary>
/// <c>telesante-fundus train-gate</c>: generates and measures the training and held-out photographs, trains the FastTree
/// gate, sets the measurements' gradable limits from the training photographs only, and writes the model folder.
/// </summary>
internal static class TrainGateCommand
{
    public static int Run(CommandArguments args, TextWriter output)
    {
        args.OnlyAllow("out", "seed", "training-images", "evaluation-images", "only");
        var options = new FundusGateTrainingOptions
        {
            Seed = args.Integer("seed", 1),
            TrainingImages = args.Integer("training-images", new FundusGateTrainingOptions().TrainingImages),
            EvaluationImages = args.Integer("evaluation-images", new FundusGateTrainingOptions().EvaluationImages),
        };
        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true) || options.Seed is < 1 or > 2000)
        {
            throw new UsageException(errors.Count > 0 ? errors[0].ErrorMessage ?? "invalid option" : "--seed must be within 1..2000");
        }

        var folder = Path.Combine(args.Text("out") ?? "models", "fundus-gate");
        var meter = new FundusGateOptions();
        var only = args.Text("only");
        if (only is not (null or "limits"))
        {
            throw new UsageException($"--only takes 'limits', not '{only}'");
        }

        var started = DateTime.UtcNow;
        var trainingSeeds = Enumerable.Range(0, options.TrainingImages).Select(i => GateCorpus.TrainingSeed(options.Seed, i)).ToList();
        if (only == "limits")
        {
            // The limits come from the good training photographs alone: those are rendered, nothing else.
            var good = GateCorpus.Generate(trainingSeeds.Where(GateCorpus.IsGood).ToList(), meter);
            WriteLimits(folder, good);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"limits from {good.Count} good training photographs written to {folder} in {(DateTime.UtcNow - started).TotalSeconds:F0} s"));
            return 0;
        }

        var training = GateCorpus.Generate(trainingSeeds, meter);
        var evaluation = GateCorpus.Generate(Enumerable.Range(0, options.EvaluationImages).Select(i => GateCorpus.EvaluationSeed(options.Seed, i)).ToList(), meter);
        var generated = DateTime.UtcNow - started;
        WriteLimits(folder, training.Where(s => s.Defect == "None").ToList());

        var modelPath = Path.Combine(folder, FundusGate.ModelFile);
        using (var model = File.Create(modelPath))
        {
            FundusGateTrainer.Train(training, options, model);
        }

        using (var csv = new StreamWriter(Path.Combine(folder, GateFiles.EvaluationSet)))
        {
            FundusGateCsv.Write(evaluation, csv);
        }

        var gate = FundusGate.Load(folder);
        var heldOut = gate.Evaluate(evaluation);
        var report = new
        {
            trainer = "ML.NET 5.0.1 FastTree binary, one thread",
            options.Seed,
            options.TrainingImages,
            options.EvaluationImages,
            trainingSeeds = $"{GateCorpus.TrainingSeed(options.Seed, 0)}..{GateCorpus.TrainingSeed(options.Seed, options.TrainingImages - 1)}",
            evaluationSeeds = $"{GateCorpus.EvaluationSeed(options.Seed, 0)}..{GateCorpus.EvaluationSeed(options.Seed, options.EvaluationImages - 1)}",
            label = $"ungradable when the injected defect's severity is >= {GateCorpus.UngradableFrom}; mild defects <= {GateCorpus.MildUpTo} are gradable",
            meter.WorkingShortSide,
            meter.FieldOfViewDegrees,
            options.NumberOfTrees,
            options.NumberOfLeaves,
            options.MinimumExampleCountPerLeaf,
            options.LearningRate,
            measurements = FundusMeasurements.Names,
            trainingUngradable = training.Count(s => s.Ungradable),
            evaluation = heldOut,
            sensitivity = Math.Round(heldOut.Sensitivity, 6),
            specificity = Math.Round(heldOut.Specificity, 6),
            modelBytes = new FileInfo(modelPath).Length,
        };
        File.WriteAllText(Path.Combine(folder, GateFiles.Training), JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase }) + "\n");

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"generated and measured {training.Count} training and {evaluation.Count} held-out photographs in {generated.TotalSeconds:F0} s; trained on {training.Count} ({report.trainingUngradable} ungradable); model {report.modelBytes} bytes in {folder}"));
        output.WriteLine();
        GateReport.Write(gate, evaluation, output);
        return 0;
    }

    private static void WriteLimits(string folder, List<FundusGateSample> good)
    {
        Directory.CreateDirectory(folder);
        var limits = FundusGateLimits.FromGood(good.Select(s => s.Measurements).ToList());
        using var file = File.Create(Path.Combine(folder, FundusGate.LimitsFile));
        limits.Write(file);
    }
}
