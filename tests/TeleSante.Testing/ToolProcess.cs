using System.Diagnostics;

namespace TeleSante.Testing;

/// <summary>Runs one of the project's command-line tools (a dll built beside the tests) as a user would, and keeps
/// its exit code and both outputs.</summary>
public static class ToolProcess
{
    public static async Task<ToolResult> RunAsync(string dll, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new ToolResult(process.ExitCode, await output, await error);
    }
}
