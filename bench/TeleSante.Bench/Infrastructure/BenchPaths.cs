namespace TeleSante.Bench.Infrastructure;

/// <summary>Where the repository, the results folder and the built gateway are, found from the
/// bench's own output folder so the commands work from any working directory.</summary>
public static class BenchPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>bench/results: small, commit-friendly JSON and markdown of the last runs.</summary>
    public static string Results => Path.Combine(Root, "bench", "results");

    /// <summary>Release or Debug, whichever the bench itself was built as (the gateway is built with it).</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string GatewayDll => Path.Combine(Root, "src", "TeleSante.Gateway", "bin", Configuration, "net10.0", "TeleSante.Gateway.dll");

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
