namespace TeleSante.Analysis.Ml.Tests;

/// <summary>Paths of the committed data and model. Missing files fail the run.</summary>
internal static class Repository
{
    private static readonly Lazy<string> RootLazy = new(Locate);

    public static string Root => RootLazy.Value;

    public static string AfModelFolder => Path.Combine(Root, "models", "af");

    public static string BeatModelFolder => Path.Combine(Root, "models", "beats");

    public static string Record100 => Path.Combine(Root, "data", "ecg", "100.hea");

    private static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TeleSante.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"TeleSante.sln not found above {AppContext.BaseDirectory}");
    }
}
