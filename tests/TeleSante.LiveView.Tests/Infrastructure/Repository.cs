using TeleSante.Testing;

namespace TeleSante.LiveView.Tests.Infrastructure;

internal static class Repository
{
    /// <summary>The folder holding TeleSante.sln.</summary>
    public static string Root => RepositoryPaths.Root;

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
}
