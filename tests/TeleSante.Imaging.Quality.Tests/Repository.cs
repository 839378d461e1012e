namespace TeleSante.Imaging.Quality.Tests;

/// <summary>Paths of the committed model. Missing files fail the run.</summary>
internal static class Repository
{
    private static readonly Lazy<string> RootLazy = new(Locate);

    public static string Root => RootLazy.Value;

    public static string GateFolder => Path.Combine(Root, "models", "fundus-gate");

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
