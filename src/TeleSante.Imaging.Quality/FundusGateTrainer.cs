using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace TeleSante.Imaging.Quality;

/// <summary>Trains the gate: FastTree boosted trees on the measurements, one thread and a seeded context so that the same
/// data gives the same model (as the AF classifier, TeleSante.Analysis.Ml.AfTrainer).</summary>
public static class FundusGateTrainer
{
    public static void Train(IEnumerable<FundusGateSample> samples, FundusGateTrainingOptions options, Stream model)
    {
        ArgumentNullException.ThrowIfNull(options);
        var context = new MLContext(seed: options.Seed);
        var data = context.Data.LoadFromEnumerable(samples.Select(s => new FundusGateRow { Features = s.Measurements.ToFeatures(), Label = s.Ungradable }));
        var trainer = context.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = nameof(FundusGateRow.Label),
            FeatureColumnName = nameof(FundusGateRow.Features),
            NumberOfTrees = options.NumberOfTrees,
            NumberOfLeaves = options.NumberOfLeaves,
            MinimumExampleCountPerLeaf = options.MinimumExampleCountPerLeaf,
            LearningRate = options.LearningRate,
            NumberOfThreads = 1, // parallel histogram building would make the trees depend on thread timing
            Seed = options.Seed,
        });
        var transformer = trainer.Fit(data);
        context.Model.Save(transformer, data.Schema, model);
    }
}
