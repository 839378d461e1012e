using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;

namespace TeleSante.Analysis.Ml;

/// <summary>Trains the AF model: FastTree boosted trees on the window features, one thread and a seeded context so that
/// the same data gives the same model.</summary>
public static class AfTrainer
{
    /// <summary>Trains on <paramref name="windows"/> and writes the model zip to <paramref name="model"/>.</summary>
    public static void Train(IEnumerable<AfLabelledWindow> windows, AfTrainingOptions options, Stream model)
    {
        var context = new MLContext(seed: options.Seed);
        var data = context.Data.LoadFromEnumerable(windows.Select(w => w.ToRow()));
        var trainer = context.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            LabelColumnName = nameof(AfWindowRow.Label),
            FeatureColumnName = nameof(AfWindowRow.Features),
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
