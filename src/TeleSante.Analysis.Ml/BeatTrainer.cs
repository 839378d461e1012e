using Microsoft.ML;
using Microsoft.ML.Trainers.FastTree;
using Microsoft.ML.Transforms;

namespace TeleSante.Analysis.Ml;

/// <summary>Trains the beat model: one-versus-all FastTree boosted trees (N, S, V), calibrated, one thread and a seeded
/// context so that the same data gives the same model. The label keys are sorted by value, so the score vector is in
/// the order N, S, V.</summary>
public static class BeatTrainer
{
    /// <summary>Trains on <paramref name="examples"/> and writes the model zip to <paramref name="model"/>.</summary>
    public static void Train(IEnumerable<BeatLabelledExample> examples, BeatTrainingOptions options, Stream model)
    {
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentNullException.ThrowIfNull(options);
        var context = new MLContext(seed: options.Seed);
        var data = context.Data.LoadFromEnumerable(examples.Select(e => e.ToRow()));
        var binary = context.BinaryClassification.Trainers.FastTree(new FastTreeBinaryTrainer.Options
        {
            NumberOfTrees = options.NumberOfTrees,
            NumberOfLeaves = options.NumberOfLeaves,
            MinimumExampleCountPerLeaf = options.MinimumExampleCountPerLeaf,
            LearningRate = options.LearningRate,
            NumberOfThreads = 1, // parallel histogram building would make the trees depend on thread timing
            Seed = options.Seed,
        });
        var pipeline = context.Transforms.Conversion.MapValueToKey(nameof(BeatRow.Label), keyOrdinality: ValueToKeyMappingEstimator.KeyOrdinality.ByValue)
            .Append(context.MulticlassClassification.Trainers.OneVersusAll(binary, labelColumnName: nameof(BeatRow.Label)))
            .Append(context.Transforms.Conversion.MapKeyToValue(nameof(BeatPrediction.PredictedLabel)));
        var transformer = pipeline.Fit(data);
        context.Model.Save(transformer, data.Schema, model);
    }
}
