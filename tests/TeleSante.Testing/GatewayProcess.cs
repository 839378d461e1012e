using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Net.Client;

namespace TeleSante.Testing;

/// <summary>
/// The real gateway as a child process (built output of src/TeleSante.Gateway), on free loopback
/// ports, with its own data directory. Being a separate process, it can be killed with SIGKILL and
/// started again on the same data to prove what survives a crash.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private readonly Dictionary<string, string> _settings;
    private ExternalProcess? _process;

    private GatewayProcess(string dataDirectory, Dictionary<string, string> settings)
    {
        DataDirectory = dataDirectory;
        _settings = settings;
        HttpPort = FreePort.Next();
        GrpcPort = FreePort.Next();
        MqttPort = FreePort.Next();
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        Admin = new HttpClient { BaseAddress = Http.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Grpc = GrpcChannel.ForAddress($"http://127.0.0.1:{GrpcPort}");
    }

    /// <summary>The practitioner <see cref="Http"/> authenticates as; assign sessions to it with <see cref="AssignAsync"/>.</summary>
    public const string Reviewer = "test-reviewer";

    public string DataDirectory { get; }

    /// <summary>HTTP client authenticated as an administrator.</summary>
    public HttpClient Admin { get; }

    public string AdminToken { get; private set; } = string.Empty;

    public int HttpPort { get; }

    public int GrpcPort { get; }

    /// <summary>Port of the embedded MQTT broker (Mqtt:Mode Embedded).</summary>
    public int MqttPort { get; }

    public HttpClient Http { get; }

    public GrpcChannel Grpc { get; }

    public string RecentOutput => _process?.RecentOutput ?? string.Empty;

    /// <summary>Starts a gateway writing to <paramref name="influx"/>; extra configuration as key/value
    /// (e.g. "Mqtt:Mode" = "External").</summary>
    /// <summary>The gateway compiles every method optimised at its first call (TieredCompilationQuickJit off, for
    /// steady load); tests start gateways by the hundred and measure no speed, so they take the faster start.</summary>
    private static readonly IReadOnlyDictionary<string, string?> QuickStart = new Dictionary<string, string?> { ["DOTNET_TC_QuickJit"] = "1" };

    public static async Task<GatewayProcess> StartAsync(Uri influx, IReadOnlyDictionary<string, string>? settings = null, string? database = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "telesante-gw-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var all = new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["Influx:Url"] = influx.ToString(),
            ["Influx:Database"] = database ?? InfluxFixture.NewDatabaseName("gw"),
        };

        // Ingestion tests send as anonymous devices; the security tests turn device authentication on.
        all.TryAdd("Security:DeviceAuthentication", "false");
        // They also name their own sessions; the attribution tests run in the product's Consultation mode.
        all.TryAdd("Attribution:Mode", "Session");
        var gateway = new GatewayProcess(dataDirectory, all);
        try
        {
            await gateway.StartAgainAsync();
        }
        catch
        {
            // A gateway that refuses to start (the tests of start-up checks) leaves no data directory behind.
            await gateway.DisposeAsync();
            throw;
        }

        gateway.AdminToken = await gateway.DevTokenAsync("test-admin", "administrator");
        gateway.Admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", gateway.AdminToken);
        gateway.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", await gateway.DevTokenAsync(Reviewer, "specialist"));
        return gateway;
    }

    public string Database => _settings["Influx:Database"];

    /// <summary>(Re)starts the process on the same ports and data directory and waits for /health.</summary>
    public async Task StartAgainAsync()
    {
        var args = new List<string> { GatewayDll() };
        var settings = new Dictionary<string, string>(_settings)
        {
            ["Kestrel:Endpoints:Http:Url"] = $"http://127.0.0.1:{HttpPort}",
            ["Kestrel:Endpoints:Grpc:Url"] = $"http://127.0.0.1:{GrpcPort}",
            ["Mqtt:EmbeddedPort"] = MqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Storage:DataDirectory"] = DataDirectory,
            ["Logging:Console:FormatterName"] = "simple",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            args.Add($"--{key}={value}");
        }

        _process = ExternalProcess.Start("dotnet", args, new ExternalProcessOptions { WorkingDirectory = DataDirectory, Environment = QuickStart });
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"gateway exited with {_process.ExitCode}:\n{_process.RecentOutput}");
            }

            try
            {
                using var response = await Http.GetAsync("/health");
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"gateway did not answer /health within 30 s:\n{_process.RecentOutput}");
    }

    /// <summary>A JWT from the gateway's own development issuer (its dev-token command, same data directory).</summary>
    public async Task<string> DevTokenAsync(string subject, string role, string? site = null)
    {
        var args = new List<string> { GatewayDll(), "dev-token", "--sub", subject, "--role", role, $"--Storage:DataDirectory={DataDirectory}" };
        if (site is not null)
        {
            args.AddRange(["--site", site]);
        }

        await using var command = ExternalProcess.Start("dotnet", args, new ExternalProcessOptions { Environment = QuickStart });
        var code = await command.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var token = command.RecentOutputLines.Select(l => l.StartsWith("out: ", StringComparison.Ordinal) ? l[5..] : string.Empty).LastOrDefault(l => l.Count(c => c == '.') == 2);
        return code == 0 && token is not null ? token : throw new InvalidOperationException($"dev-token failed ({code}): {command.RecentOutput}");
    }

    /// <summary>Assigns a session to a practitioner (default: the <see cref="Reviewer"/> of <see cref="Http"/>).</summary>
    public async Task AssignAsync(string sessionId, string practitionerId = Reviewer)
    {
        using var response = await Admin.PostAsJsonAsync("/api/admin/assignments", new { sessionId, practitionerId });
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Registers a device and returns its credential token.</summary>
    public async Task<string> RegisterDeviceAsync(string id, string kind, string site)
    {
        using var response = await Admin.PostAsJsonAsync("/api/admin/devices", new { id, kind, site });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a power cut for the process.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }

        _process.Kill();
        await _process.WaitForExitAsync(TimeSpan.FromSeconds(10));
        await _process.DisposeAsync();
        _process = null;
    }

    public async Task<JsonElement> HealthAsync()
    {
        using var response = await Http.GetAsync("/health");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Waits until every accepted record has been forwarded to InfluxDB.</summary>
    public async Task WaitForForwardingAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        JsonElement health = default;
        while (DateTime.UtcNow < deadline)
        {
            health = await HealthAsync();
            if (health.GetProperty("influx").GetProperty("backlogRecords").GetInt64() == 0 && health.GetProperty("influx").GetProperty("reachable").GetBoolean())
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"forwarding not done within {timeout}: {health}\n{RecentOutput}");
    }

    /// <summary>Lines the gateway logged at error level or above (a test fails on unexpected ones).</summary>
    public IReadOnlyList<string> ErrorLines() =>
        RecentOutput.Split('\n').Where(l => l.Contains("fail:", StringComparison.Ordinal) || l.Contains("crit:", StringComparison.Ordinal)).ToList();

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.StopAsync(TimeSpan.FromSeconds(10));
            await _process.DisposeAsync();
        }

        Grpc.Dispose();
        Http.Dispose();
        Admin.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string GatewayDll() => RepositoryPaths.BuiltApplication(Path.Combine("src", "TeleSante.Gateway"), "TeleSante.Gateway.dll");
}
