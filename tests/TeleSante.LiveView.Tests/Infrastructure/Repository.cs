namespace TeleSante.LiveView.Tests.Infrastructure;

internal static class Repository
{
    /// <summary>The folder holding TeleSante.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>artifacts/ at the repository root (git-ignored): screenshots and measured figures.</summary>
    public static string Artifacts
    {
        get
        {
            var dir = Path.Combine(Root, "artifacts");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TeleSante.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("TeleSante.sln not found above " + AppContext.BaseDirectory);
    }
}
