namespace TeleSante.Analysis.Scoring;

/// <summary>The outcome of an EC57 beat-by-beat comparison over the scored part of a record.</summary>
public sealed class BeatByBeatResult
{
    internal BeatByBeatResult(BeatConfusionMatrix matrix, int truePositives, int falseNegatives, int falsePositives, long scoredFromSample, IReadOnlyList<long> missed, IReadOnlyList<long> extra)
    {
        Missed = missed;
        Extra = extra;
        Matrix = matrix;
        TruePositives = truePositives;
        FalseNegatives = falseNegatives;
        FalsePositives = falsePositives;
        ScoredFromSample = scoredFromSample;
    }

    public BeatConfusionMatrix Matrix { get; }

    /// <summary>Reference beats matched by a detected beat.</summary>
    public int TruePositives { get; }

    /// <summary>Reference beats nothing matched.</summary>
    public int FalseNegatives { get; }

    /// <summary>Detected beats that matched no reference beat.</summary>
    public int FalsePositives { get; }

    /// <summary>Sample indexes of the counted false negatives (reference beats nothing matched), in order.</summary>
    public IReadOnlyList<long> Missed { get; }

    /// <summary>Sample indexes of the counted false positives (detected beats that matched nothing), in order.</summary>
    public IReadOnlyList<long> Extra { get; }

    /// <summary>First sample counted (the end of the learning period).</summary>
    public long ScoredFromSample { get; }

    /// <summary>QRS sensitivity, TP / (TP + FN); 1 when there was nothing to find.</summary>
    public double Sensitivity => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);

    /// <summary>QRS positive predictivity, TP / (TP + FP); 1 when nothing was detected.</summary>
    public double PositivePredictivity => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);
}
