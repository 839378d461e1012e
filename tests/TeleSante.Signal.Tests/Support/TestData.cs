namespace TeleSante.Signal.Tests.Support;

/// <summary>
/// The real PhysioNet records shipped in the repository's <c>data/ecg</c> (with their attribution and
/// licence). They are part of the test contract: missing data fails the run rather than skipping tests
/// that would then prove nothing.
/// </summary>
internal static class TestData
{
    private static readonly Lazy<string> Directory = new(Locate);

    public static string EcgDirectory => Directory.Value;

    /// <summary>The folder holding TeleSante.sln.</summary>
    public static string RepositoryRoot => Path.GetFullPath(Path.Combine(EcgDirectory, "..", ".."));

    public static string File(string name) => Path.Combine(EcgDirectory, name);

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "TeleSante.sln")))
            {
                var ecg = Path.Combine(dir.FullName, "data", "ecg");
                if (!System.IO.File.Exists(Path.Combine(ecg, "100.hea")))
                {
                    throw new InvalidOperationException($"ECG test data not found: expected {ecg}/100.hea in the repository.");
                }

                return ecg;
            }
        }

        throw new InvalidOperationException($"TeleSante.sln not found above {AppContext.BaseDirectory}; cannot locate data/ecg.");
    }
}
