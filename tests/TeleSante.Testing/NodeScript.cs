using System.Diagnostics;
using System.Text.Json;

namespace TeleSante.Testing;

/// <summary>Runs a Node.js script with the npm packages installed by scripts/install-web.sh (clients this
/// project did not write: @grpc/grpc-js, MQTT.js, playwright-core) and returns the JSON lines it printed.</summary>
public static class NodeScript
{
    public static string NodeModules => Path.Combine(RepositoryPaths.Root, "src", "TeleSante.Gateway", "ClientApp", "node_modules");

    /// <param name="script">Path of the script, relative to the repository.</param>
    /// <param name="config">Serialised to a temp file whose path is the script's argument.</param>
    public static async Task<IReadOnlyList<JsonElement>> RunAsync(string script, object config, TimeSpan timeout)
    {
        var configFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(configFile, JsonSerializer.Serialize(config));
        try
        {
            var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, script));
            start.ArgumentList.Add(configFile);
            start.Environment["NODE_PATH"] = NodeModules;
            using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
            var stdout = node.StandardOutput.ReadToEndAsync();
            var stderr = node.StandardError.ReadToEndAsync();
            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                await node.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                node.Kill(entireProcessTree: true);
                throw new TimeoutException($"{script} did not finish in {timeout}: {await stdout} {await stderr}");
            }

            if (node.ExitCode != 0)
            {
                throw new InvalidOperationException($"{script} failed ({node.ExitCode}): {await stderr}");
            }

            return [.. (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Where(l => l.StartsWith('{'))
                .Select(l => JsonDocument.Parse(l).RootElement.Clone())];
        }
        finally
        {
            File.Delete(configFile);
        }
    }
}
