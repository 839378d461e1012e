using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using TeleSante.Bench.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.Bench.Gateway;

/// <summary>
/// The built gateway (src/TeleSante.Gateway/bin/CONFIG/net10.0/TeleSante.Gateway.dll) as a child
/// process on free loopback ports with its own data directory, configured with --Key=Value arguments
/// the way tests/TeleSante.Gateway.Tests/Infrastructure/GatewayProcess.cs does it. Counts the
/// warnings and errors it logs, since a load run must not hide them.
/// </summary>
public sealed class GatewayProcessHost : IAsyncDisposable
{
    private readonly ExternalProcess _process;
    private readonly ConcurrentQueue<string> _problems = new();
    private int _warnings;
    private int _errors;

    // Lines still to keep after a warning or error header (its message); output lines arrive one at a time.
    private int _pendingProblemLines;

    private GatewayProcessHost(ExternalProcess process, string dataDirectory, int httpPort, int grpcPort, int mqttPort)
    {
        _process = process;
        DataDirectory = dataDirectory;
        HttpPort = httpPort;
        GrpcPort = grpcPort;
        MqttPort = mqttPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string DataDirectory { get; }

    public int HttpPort { get; }

    public int GrpcPort { get; }

    public int MqttPort { get; }

    public HttpClient Http { get; }

    public Uri GrpcAddress => new($"http://127.0.0.1:{GrpcPort}");

    /// <summary>The gateway's own pid: <c>dotnet GATEWAY.dll</c> runs the app in the dotnet process itself.</summary>
    public int? ProcessId => _process.HasExited ? null : _process.Id;

    public int Warnings => Volatile.Read(ref _warnings);

    public int Errors => Volatile.Read(ref _errors);

    /// <summary>The first warning and error lines logged (with the message line that follows each).</summary>
    public IReadOnlyList<string> Problems => [.. _problems];

    public string RecentOutput => _process.RecentOutput;

    public static async Task<GatewayProcessHost> StartAsync(string dll, Uri influx, string database, IReadOnlyDictionary<string, string> extraSettings, CancellationToken cancellationToken)
    {
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"gateway not built: run 'dotnet build bench/TeleSante.Bench -c {BenchPaths.Configuration}' (it builds the gateway too)", dll);
        }

        var dataDirectory = Directory.CreateTempSubdirectory("telesante-bench-gw-").FullName;
        int http = FreePort.Next(), grpc = FreePort.Next(), mqtt = FreePort.Next();
        var settings = new Dictionary<string, string>
        {
            ["Influx:Url"] = influx.ToString(),
            ["Influx:Database"] = database,
            ["Kestrel:Endpoints:Http:Url"] = $"http://127.0.0.1:{http}",
            ["Kestrel:Endpoints:Grpc:Url"] = $"http://127.0.0.1:{grpc}",
            ["Mqtt:EmbeddedPort"] = mqtt.ToString(CultureInfo.InvariantCulture),
            ["Storage:DataDirectory"] = dataDirectory,
            ["Logging:Console:FormatterName"] = "simple",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in extraSettings)
        {
            settings[key] = value;
        }

        GatewayProcessHost? host = null;
        var process = ExternalProcess.Start("dotnet", [dll, .. settings.Select(s => $"--{s.Key}={s.Value}")], new ExternalProcessOptions
        {
            WorkingDirectory = dataDirectory,
            OnOutputLine = line => host?.OnLine(line),
        });
        host = new GatewayProcessHost(process, dataDirectory, http, grpc, mqtt);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"gateway exited with {process.ExitCode}:\n{process.RecentOutput}");
            }

            try
            {
                using var response = await host.Http.GetAsync("/health", cancellationToken).ConfigureAwait(false);
                return host;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }
        }

        await host.DisposeAsync().ConfigureAwait(false);
        throw new TimeoutException("gateway did not answer /health within 60 s");
    }

    public async Task<HealthSnapshot> HealthAsync(CancellationToken cancellationToken)
    {
        // 503 ("failing") still carries the report.
        using var response = await Http.GetAsync("/health", cancellationToken).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        return HealthSnapshot.Parse(document.RootElement);
    }

    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync(TimeSpan.FromSeconds(15)).ConfigureAwait(false);
        await _process.DisposeAsync().ConfigureAwait(false);
        Http.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void OnLine(string line)
    {
        // The simple console formatter writes "warn: Category[EventId]" and the message on the next line.
        var text = line.Length > 5 ? line[5..] : line;
        if (text.StartsWith("warn:", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _warnings);
            Keep(text);
            _pendingProblemLines = 1;
        }
        else if (text.StartsWith("fail:", StringComparison.Ordinal) || text.StartsWith("crit:", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _errors);
            Keep(text);
            _pendingProblemLines = 1;
        }
        else if (_pendingProblemLines > 0)
        {
            Keep("    " + text.Trim());
            _pendingProblemLines--;
        }
    }

    private void Keep(string text)
    {
        if (_problems.Count < 40)
        {
            _problems.Enqueue(text);
        }
    }
}
