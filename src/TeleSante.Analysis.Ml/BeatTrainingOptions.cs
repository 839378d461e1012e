using System.ComponentModel.DataAnnotations;

namespace TeleSante.Analysis.Ml;

/// <summary>Parameters of one beat-classifier training run: the data generated and FastTree's size (one-versus-all:
/// one boosted-tree model per class, N, S and V).</summary>
public sealed record BeatTrainingOptions
{
    /// <summary>Seed of everything random: training records use even offsets from it, evaluation records odd ones
    /// (<see cref="SyntheticSeeds"/>), and ML.NET's context.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Synthetic records generated for training.</summary>
    [Range(10, 100_000)]
    public int TrainingRecords { get; init; } = 300;

    /// <summary>Synthetic records generated for the held-out evaluation set.</summary>
    [Range(10, 100_000)]
    public int EvaluationRecords { get; init; } = 40;

    /// <summary>Length of each synthetic record, seconds.</summary>
    [Range(30, 3600)]
    public double RecordSeconds { get; init; } = 90;

    [Range(1, 10_000)]
    public int NumberOfTrees { get; init; } = 60;

    [Range(2, 128)]
    public int NumberOfLeaves { get; init; } = 12;

    [Range(1, 10_000)]
    public int MinimumExampleCountPerLeaf { get; init; } = 20;

    [Range(0.001, 1)]
    public double LearningRate { get; init; } = 0.2;
}
