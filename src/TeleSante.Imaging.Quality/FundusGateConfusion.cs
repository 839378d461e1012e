namespace TeleSante.Imaging.Quality;

/// <summary>The gate's confusion matrix, ungradable being the positive class (a missed ungradable photograph is the
/// costly error: the patient has gone home when a grader finds it).</summary>
public sealed record FundusGateConfusion(int TruePositives, int FalseNegatives, int FalsePositives, int TrueNegatives)
{
    public static FundusGateConfusion Empty { get; } = new(0, 0, 0, 0);

    /// <summary>Ungradable photographs called ungradable / ungradable photographs.</summary>
    public double Sensitivity => (double)TruePositives / (TruePositives + FalseNegatives);

    /// <summary>Gradable photographs called gradable / gradable photographs.</summary>
    public double Specificity => (double)TrueNegatives / (TrueNegatives + FalsePositives);

    public int Count => TruePositives + FalseNegatives + FalsePositives + TrueNegatives;

    public FundusGateConfusion Add(bool reference, bool predicted) => (reference, predicted) switch
    {
        (true, true) => this with { TruePositives = TruePositives + 1 },
        (true, false) => this with { FalseNegatives = FalseNegatives + 1 },
        (false, true) => this with { FalsePositives = FalsePositives + 1 },
        (false, false) => this with { TrueNegatives = TrueNegatives + 1 },
    };
}
