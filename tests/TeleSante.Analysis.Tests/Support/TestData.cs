using TeleSante.Analysis.Scoring;
using TeleSante.Signal.Synthesis;
using TeleSante.Signal.Wfdb;

namespace TeleSante.Analysis.Tests.Support;

/// <summary>The repository's real records (data/ecg) and synthetic ECGs of known beat times. Missing data fails the run.</summary>
internal static class TestData
{
    private static readonly Lazy<string> Root = new(Locate);
    private static readonly Lazy<WfdbRecord> Record100Lazy = new(() => WfdbRecord.Read(Path.Combine(EcgDirectory, "100.hea")));
    private static readonly Lazy<IReadOnlyList<ScoredBeat>> Reference100Lazy = new(() => Ec57.Beats(WfdbAnnotations.Read(Path.Combine(EcgDirectory, "100.atr"), 360)));

    public static string RepositoryRoot => Root.Value;

    public static string EcgDirectory => Path.Combine(Root.Value, "data", "ecg");

    public static WfdbRecord Record100 => Record100Lazy.Value;

    public static IReadOnlyList<ScoredBeat> Reference100 => Reference100Lazy.Value;

    public static double[] Lead(WfdbRecord record, int lead)
    {
        var values = new double[record.SampleCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = record.ToPhysical(lead, i);
        }

        return values;
    }

    public static float[] AsFloats(double[] values) => values.Select(v => (float)v).ToArray();

    /// <summary>Lead <paramref name="lead"/> of a synthetic ECG in mV, and the true R-peak sample indexes.</summary>
    public static (double[] Signal, long[] RPeaks) Synthetic(SyntheticEcgOptions options, double seconds, int lead = 1)
    {
        var generator = new SyntheticEcg(options);
        var length = (int)(seconds * options.SampleRateHz);
        var leads = new int[12][];
        for (var l = 0; l < 12; l++)
        {
            leads[l] = new int[length];
        }

        generator.Next(length, leads);
        var signal = leads[lead].Select(v => v / options.GainAduPerMv).ToArray();
        var peaks = generator.RPeakTimes.Select(t => (long)Math.Round(t * options.SampleRateHz)).Where(i => i >= 0 && i < length).ToArray();
        return (signal, peaks);
    }

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TeleSante.sln")))
            {
                if (!File.Exists(Path.Combine(dir.FullName, "data", "ecg", "100.hea")))
                {
                    throw new InvalidOperationException($"ECG test data not found under {dir.FullName}/data/ecg");
                }

                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"TeleSante.sln not found above {AppContext.BaseDirectory}");
    }
}
