using System.ComponentModel.DataAnnotations;

namespace TeleSante.Imaging.Quality;

/// <summary>How <c>telesante-fundus train-gate</c> makes its data and trains (the defaults made the committed model).</summary>
public sealed class FundusGateTrainingOptions
{
    public int Seed { get; init; } = 1;

    [Range(50, 100_000)]
    public int TrainingImages { get; init; } = 900;

    [Range(50, 100_000)]
    public int EvaluationImages { get; init; } = 420;

    [Range(2, 1000)]
    public int NumberOfTrees { get; init; } = 60;

    [Range(2, 128)]
    public int NumberOfLeaves { get; init; } = 8;

    [Range(1, 1000)]
    public int MinimumExampleCountPerLeaf { get; init; } = 10;

    [Range(0.001, 1)]
    public double LearningRate { get; init; } = 0.2;
}
