using System.Diagnostics;
using System.Text;
using System.Text.Json;
using TeleSante.Testing;

namespace TeleSante.LiveView.Tests.Infrastructure;

/// <summary>
/// A Node.js script (npm packages from scripts/install-web.sh) that asks the test to act between its steps: it prints
/// <c>{"await": "name", …}</c> on a line and waits for one JSON line on its standard input. Lets a browser scenario
/// hand over to the test's gRPC devices at the moment the page is ready for them, with no guessed delay.
/// </summary>
internal sealed class InteractiveNodeScript : IAsyncDisposable
{
    private readonly Process _node;
    private readonly string _configFile;
    private readonly Task<string> _stderr;
    private readonly StringBuilder _stdout = new();

    private InteractiveNodeScript(Process node, string configFile)
    {
        _node = node;
        _configFile = configFile;
        _stderr = node.StandardError.ReadToEndAsync();
    }

    public static async Task<InteractiveNodeScript> StartAsync(string script, object config)
    {
        var configFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(configFile, JsonSerializer.Serialize(config));
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(RepositoryPaths.Root, script));
        start.ArgumentList.Add(configFile);
        start.Environment["NODE_PATH"] = NodeScript.NodeModules;
        return new InteractiveNodeScript(Process.Start(start) ?? throw new InvalidOperationException("node did not start"), configFile);
    }

    /// <summary>The script's next request (its <c>await</c> line), or null once it ended.</summary>
    public async Task<JsonElement?> NextRequestAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            string? line;
            try
            {
                line = await _node.StandardOutput.ReadLineAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"the browser scenario asked nothing and did not end within {timeout}: {_stdout}");
            }

            if (line is null)
            {
                return null;
            }

            _stdout.AppendLine(line);
            if (line.StartsWith('{') && JsonDocument.Parse(line).RootElement is { } json && json.TryGetProperty("await", out _))
            {
                return json.Clone();
            }
        }
    }

    public async Task AnswerAsync(object answer)
    {
        await _node.StandardInput.WriteLineAsync(JsonSerializer.Serialize(answer));
        await _node.StandardInput.FlushAsync();
    }

    /// <summary>Waits for the end of the script; its exit code and what it wrote on failure.</summary>
    public async Task<(int ExitCode, string Output)> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _node.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            _node.Kill(entireProcessTree: true);
            throw new TimeoutException($"the browser scenario did not finish in {timeout}: {await _stderr}");
        }

        return (_node.ExitCode, _stdout + await _stderr);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_node.HasExited)
        {
            _node.Kill(entireProcessTree: true);
            await _node.WaitForExitAsync();
        }

        _node.Dispose();
        File.Delete(_configFile);
    }
}
