namespace TeleSante.Analysis.Ml;

/// <summary>Generator seeds of a training run's records: training and evaluation never share one.</summary>
public static class SyntheticSeeds
{
    /// <summary>Seed of training record <paramref name="index"/>: even offsets from the run's seed.</summary>
    public static int Training(int runSeed, int index) => checked((runSeed * 1_000_000) + (2 * index));

    /// <summary>Seed of evaluation record <paramref name="index"/>: odd offsets, never a training seed.</summary>
    public static int Evaluation(int runSeed, int index) => checked((runSeed * 1_000_000) + (2 * index) + 1);
}
