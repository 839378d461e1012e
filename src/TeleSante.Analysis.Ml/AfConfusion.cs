namespace TeleSante.Analysis.Ml;

/// <summary>The window-level confusion matrix of the AF classifier.</summary>
public sealed record AfConfusion(int TruePositives, int FalseNegatives, int FalsePositives, int TrueNegatives)
{
    public static AfConfusion Empty { get; } = new(0, 0, 0, 0);

    /// <summary>AF windows called AF / AF windows (NaN without AF windows).</summary>
    public double Sensitivity => (double)TruePositives / (TruePositives + FalseNegatives);

    /// <summary>Non-AF windows called non-AF / non-AF windows (NaN without them).</summary>
    public double Specificity => (double)TrueNegatives / (TrueNegatives + FalsePositives);

    public int Count => TruePositives + FalseNegatives + FalsePositives + TrueNegatives;

    public AfConfusion Add(bool reference, bool predicted) => (reference, predicted) switch
    {
        (true, true) => this with { TruePositives = TruePositives + 1 },
        (true, false) => this with { FalseNegatives = FalseNegatives + 1 },
        (false, true) => this with { FalsePositives = FalsePositives + 1 },
        (false, false) => this with { TrueNegatives = TrueNegatives + 1 },
    };
}
