using System.ComponentModel.DataAnnotations;

namespace TeleSante.Analysis.Ml;

/// <summary>Parameters of one training run: the data generated and FastTree's size. Few, shallow trees keep the model
/// file small and its decisions inspectable.</summary>
public sealed record AfTrainingOptions
{
    /// <summary>Seed of everything random: the generated records (training seeds are even offsets from it, evaluation
    /// seeds odd ones, so the two sets never share a record) and ML.NET's context.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Synthetic records generated for training.</summary>
    [Range(10, 100_000)]
    public int TrainingRecords { get; init; } = 600;

    /// <summary>Synthetic records generated for the held-out evaluation set.</summary>
    [Range(10, 100_000)]
    public int EvaluationRecords { get; init; } = 300;

    /// <summary>Length of each synthetic record, seconds.</summary>
    [Range(60, 3600)]
    public double RecordSeconds { get; init; } = 150;

    /// <summary>Beats between the starts of successive training windows (evaluation windows never overlap).</summary>
    [Range(1, 1000)]
    public int TrainingStride { get; init; } = 10;

    [Range(1, 10_000)]
    public int NumberOfTrees { get; init; } = 40;

    [Range(2, 128)]
    public int NumberOfLeaves { get; init; } = 8;

    [Range(1, 10_000)]
    public int MinimumExampleCountPerLeaf { get; init; } = 20;

    [Range(0.001, 1)]
    public double LearningRate { get; init; } = 0.2;
}
