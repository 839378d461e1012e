namespace TeleSante.Signal.Tests.Support;

/// <summary>
/// The real PhysioNet records in <c>shared/data/ecg</c>, found beside the repository (the folder
/// holding TeleSante.sln). They are part of the test contract: missing data fails the run rather
/// than skipping tests that would then prove nothing.
/// </summary>
internal static class TestData
{
    private static readonly Lazy<string> Directory = new(Locate);

    public static string EcgDirectory => Directory.Value;

    public static string File(string name) => Path.Combine(EcgDirectory, name);

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "TeleSante.sln")))
            {
                var ecg = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data", "ecg"));
                if (!System.IO.File.Exists(Path.Combine(ecg, "100.hea")))
                {
                    throw new InvalidOperationException($"ECG test data not found: expected {ecg}/100.hea (shared/data/ecg beside the repository root {dir.FullName}).");
                }

                return ecg;
            }
        }

        throw new InvalidOperationException($"TeleSante.sln not found above {AppContext.BaseDirectory}; cannot locate ../shared/data/ecg.");
    }
}
