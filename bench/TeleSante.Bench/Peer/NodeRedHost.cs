using System.Collections.Concurrent;
using System.Globalization;
using TeleSante.Testing;

namespace TeleSante.Bench.Peer;

/// <summary>
/// Node-RED 5 as a child process (the Node 24 binary from bench/peer) with a fresh user directory holding
/// the settings and the flow the bench wrote (<see cref="PeerFlow"/>); editor and admin API off, HTTP on
/// loopback. Ready once the MQTT node has connected to the broker. Counts the errors and warnings
/// Node-RED logs (a failed InfluxDB write is an error line: the batch it carried is gone).
/// </summary>
public sealed class NodeRedHost : IAsyncDisposable
{
    // Logged at every start whatever the flow: not findings.
    private static readonly string[] StartupWarnings = ["Projects disabled", "Using unencrypted credentials", "Flows file name not set"];

    private readonly ConcurrentQueue<string> _problems = new();
    private ExternalProcess? _process;
    private int _warnings;
    private int _errors;

    private NodeRedHost(string directory) => Directory = directory;

    public string Directory { get; }

    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    public int Warnings => Volatile.Read(ref _warnings);

    public int Errors => Volatile.Read(ref _errors);

    public IReadOnlyList<string> Problems => [.. _problems];

    public static async Task<NodeRedHost> StartAsync(PeerInstallation peer, string flowJson, CancellationToken cancellationToken)
    {
        var host = new NodeRedHost(System.IO.Directory.CreateTempSubdirectory("telesante-bench-nodered-").FullName);
        try
        {
            var settings = Path.Combine(host.Directory, "settings.js");
            await File.WriteAllTextAsync(Path.Combine(host.Directory, "flows.json"), flowJson, cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(settings, string.Create(CultureInfo.InvariantCulture, $$"""
                module.exports = {
                    uiHost: "127.0.0.1",
                    uiPort: {{FreePort.Next()}},
                    flowFile: "flows.json",
                    httpAdminRoot: false,
                    disableEditor: true,
                    credentialSecret: false,
                    telemetry: { enabled: false },
                    logging: { console: { level: "info", metrics: false, audit: false } }
                };
                """), cancellationToken).ConfigureAwait(false);
            host._process = ExternalProcess.Start(peer.Node, [peer.NodeRed, "--userDir", host.Directory, "--settings", settings], new ExternalProcessOptions
            {
                WorkingDirectory = host.Directory,
                OnOutputLine = host.OnLine,
            });
            var line = await host._process.WaitForOutputAsync(
                l => l.Contains("Connected to broker", StringComparison.Ordinal) || l.Contains("missing types", StringComparison.Ordinal),
                TimeSpan.FromSeconds(60),
                cancellationToken).ConfigureAwait(false);
            if (line.Contains("missing types", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Node-RED lacks a node type of the flow (is node-red-contrib-influxdb installed?):\n{host._process.RecentOutput}");
            }

            // The subscription follows the connection; give its SUBACK a moment before devices publish.
            await Task.Delay(500, cancellationToken).ConfigureAwait(false);
            return host;
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            await process.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            await process.DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void OnLine(string line)
    {
        // "3 Dec 08:19:33 - [warn] [influxdb batch:InfluxDB] Error: ..."
        if (line.Contains("[error]", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _errors);
            Keep(line);
        }
        else if (line.Contains("[warn]", StringComparison.Ordinal) && !StartupWarnings.Any(w => line.Contains(w, StringComparison.Ordinal)))
        {
            Interlocked.Increment(ref _warnings);
            Keep(line);
        }
    }

    private void Keep(string line)
    {
        if (_problems.Count < 20)
        {
            _problems.Enqueue(line.Length > 300 ? line[..300] : line);
        }
    }
}
