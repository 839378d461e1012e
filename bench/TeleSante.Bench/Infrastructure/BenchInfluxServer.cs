using System.Net;
using TeleSante.Testing;

namespace TeleSante.Bench.Infrastructure;

/// <summary>
/// influxd 1.x for the bench: loopback, free ports, a fresh temp directory, configured like the test
/// fixture (<see cref="InfluxDbServer"/>, ENVIRONMENT.md) except for two storage settings that make
/// disk figures measurable within a run. influxd keeps fresh writes in its WAL and in-memory cache and
/// writes them to TSM files only when the shard has been write-cold for
/// <c>cache-snapshot-write-cold-duration</c> (default 10 min), and fully compacts only after
/// <c>compact-full-write-cold-duration</c> (default 4 h). Lowering both to seconds gives, a few seconds
/// after a run, the fully compacted on-disk size that a day-old shard has in production. Neither
/// setting changes the write path while writes are flowing.
/// </summary>
public sealed class BenchInfluxServer : IAsyncDisposable
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };

    private readonly string _configPath;
    private ExternalProcess? _process;

    private BenchInfluxServer(string root, int httpPort, int rpcPort)
    {
        Root = root;
        HttpPort = httpPort;
        RpcPort = rpcPort;
        Url = new Uri($"http://127.0.0.1:{httpPort}/");
        _configPath = Path.Combine(root, "influxdb.conf");
    }

    public Uri Url { get; }

    public int HttpPort { get; }

    public int RpcPort { get; }

    public string Root { get; }

    public string DataDirectory => Path.Combine(Root, "data");

    public string WalDirectory => Path.Combine(Root, "wal");

    /// <summary>Process id while running, for CPU and memory sampling.</summary>
    public int? ProcessId => _process is { HasExited: false } p ? p.Id : null;

    public string RecentOutput => _process?.RecentOutput ?? string.Empty;

    public static async Task<BenchInfluxServer> StartAsync(CancellationToken cancellationToken)
    {
        if (ExternalProcess.FindExecutable("influxd") is null)
        {
            throw new InvalidOperationException("influxd is not on PATH. " + InfluxDbServer.InstallHint);
        }

        var root = Directory.CreateTempSubdirectory("telesante-bench-influxd-").FullName;
        var server = new BenchInfluxServer(root, FreePort.Next(), FreePort.Next());
        try
        {
            server.WriteConfig();
            await server.LaunchAsync(cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>influxd's version string as it reports it in the X-Influxdb-Version header.</summary>
    public async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync(new Uri(Url, "ping"), cancellationToken).ConfigureAwait(false);
        return response.Headers.TryGetValues("X-Influxdb-Version", out var values) ? values.First() : "unknown";
    }

    /// <summary>Graceful stop (SIGTERM): an outage that influxd itself announces by refusing connections.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            await process.StopAsync(TimeSpan.FromSeconds(15)).ConfigureAwait(false);
            await process.DisposeAsync().ConfigureAwait(false);
            _process = null;
        }
    }

    /// <summary>Starts again on the same ports and data after <see cref="StopAsync"/>.</summary>
    public Task StartAgainAsync(CancellationToken cancellationToken) => LaunchAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void WriteConfig()
    {
        string Dir(string name) => Path.Combine(Root, name);
        File.WriteAllText(_configPath, $"""
            reporting-enabled = false
            bind-address = "127.0.0.1:{RpcPort}"

            [meta]
              dir = "{Dir("meta")}"

            [data]
              dir = "{Dir("data")}"
              wal-dir = "{Dir("wal")}"
              query-log-enabled = false
              cache-snapshot-write-cold-duration = "2s"
              compact-full-write-cold-duration = "5s"

            [monitor]
              store-enabled = false

            [http]
              bind-address = "127.0.0.1:{HttpPort}"
              auth-enabled = false
              log-enabled = false

            [logging]
              level = "warn"
              suppress-logo = true

            [continuous_queries]
              enabled = false

            [retention]
              enabled = false

            """);
    }

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        _process = ExternalProcess.Start("influxd", ["run", "-config", _configPath, "-pidfile", Path.Combine(Root, "influxd.pid")]);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"influxd exited with {_process.ExitCode}:\n{_process.RecentOutput}");
            }

            try
            {
                using var response = await Http.GetAsync(new Uri(Url, "ping"), cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.NoContent)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"influxd did not answer /ping within 60 s:\n{_process.RecentOutput}");
    }
}
