namespace TeleSante.Testing;

/// <summary>Where the tests find the repository and the built applications they run as child processes.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding TeleSante.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>An application's own build output (with its runtimeconfig and appsettings), in the same
    /// configuration as the running tests, e.g. BuiltApplication("src/TeleSante.Gateway", "TeleSante.Gateway.dll").</summary>
    public static string BuiltApplication(string projectFolder, string assembly)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var dll = Path.Combine(Root, projectFolder, "bin", configuration, "net10.0", assembly);
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"build {projectFolder} ({configuration}) first", dll);
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
