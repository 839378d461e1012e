using System.Net;
using System.Net.Http.Headers;
using System.Text;
using TeleSante.Testing.Internal;

namespace TeleSante.Testing;

/// <summary>
/// A real InfluxDB 1.x server (<c>influxd</c>) for one test class or collection: loopback only,
/// OS-assigned free ports, every file under a fresh temp directory, deleted on dispose.
/// </summary>
/// <remarks>
/// Config follows the tested InfluxDB 1.6 start-up recipe for this machine: reporting off, the RPC bind-address (backup/restore
/// service, default 8088) also on a free port so parallel servers do not collide, query and HTTP
/// logs off, monitor store off (no <c>_internal</c> database writes), continuous queries off.
/// </remarks>
public sealed class InfluxDbServer : LoopbackServer
{
    /// <summary>The command the test README uses to install the servers the fixtures need.</summary>
    public const string InstallHint =
        "Install the test servers first, as the README's test command does: " +
        "apt-get update && apt-get install -y influxdb influxdb-client mosquitto mosquitto-clients";

    // One client for all fixtures: pings and helper queries are few, and a fresh connection per
    // request would leave sockets in TIME_WAIT across hundreds of test starts.
    private static readonly HttpClient Http = new(new SocketsHttpHandler
    {
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(2),
        ConnectTimeout = TimeSpan.FromSeconds(2),
    })
    { Timeout = TimeSpan.FromSeconds(30) };

    private readonly InfluxDbServerOptions _options;
    private readonly string _configPath;
    private readonly string _pidPath;

    private InfluxDbServer(InfluxDbServerOptions options, string dataRoot, int httpPort, int rpcPort)
        : base(dataRoot)
    {
        _options = options;
        HttpPort = httpPort;
        RpcPort = rpcPort;
        Url = new Uri($"http://127.0.0.1:{httpPort}/");
        _configPath = Path.Combine(dataRoot, "influxdb.conf");
        _pidPath = Path.Combine(dataRoot, "influxd.pid");
    }

    /// <summary>Base URL of the HTTP API, e.g. <c>http://127.0.0.1:41234/</c> (trailing slash).</summary>
    public Uri Url { get; }

    /// <summary>The HTTP API port on 127.0.0.1.</summary>
    public int HttpPort { get; }

    /// <summary>The RPC (backup/restore) port on 127.0.0.1; only there so it does not collide.</summary>
    public int RpcPort { get; }

    /// <summary>The credentials the helpers use when auth is enabled; null otherwise.</summary>
    public AuthenticationHeaderValue? AdminAuthorization => _options.AuthEnabled
        ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.AdminUser}:{_options.AdminPassword}")))
        : null;

    /// <summary>Starts influxd with default options and waits until <c>/ping</c> answers 204.</summary>
    /// <exception cref="InvalidOperationException">influxd is not installed, exited, or did not
    /// become ready in time (the message includes its output).</exception>
    public static Task<InfluxDbServer> StartAsync(CancellationToken cancellationToken = default)
        => StartAsync(new InfluxDbServerOptions(), cancellationToken);

    /// <summary>Starts influxd with <paramref name="options"/> and waits until it is ready.</summary>
    public static async Task<InfluxDbServer> StartAsync(InfluxDbServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (ExternalProcess.FindExecutable("influxd") is null)
        {
            throw new InvalidOperationException("influxd is not on PATH. " + InstallHint);
        }

        return await StartOnFreePortsAsync("telesante-influxd-", root => new InfluxDbServer(options, root, FreePort.Next(), FreePort.Next()), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs <c>CREATE DATABASE</c> (idempotent in 1.x).</summary>
    public async Task CreateDatabaseAsync(string name, CancellationToken cancellationToken = default)
    {
        await QueryJsonAsync("CREATE DATABASE " + QuoteIdentifier(name), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// POSTs <paramref name="influxQl"/> to <c>/query</c> (epoch=ns) and returns the raw JSON body.
    /// For tests that do not reference the storage project; errors in the body are not checked.
    /// </summary>
    /// <exception cref="HttpRequestException">Status other than 200.</exception>
    public async Task<string> QueryJsonAsync(string influxQl, string? database = null, CancellationToken cancellationToken = default)
    {
        var form = new List<KeyValuePair<string, string>> { new("q", influxQl), new("epoch", "ns") };
        if (database is not null)
        {
            form.Add(new("db", database));
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Url, "query")) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Authorization = AdminAuthorization;
        using var response = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"InfluxDB answered {(int)response.StatusCode} to '{influxQl}': {body}", null, response.StatusCode);
        }

        return body;
    }

    /// <summary>POSTs line protocol to <c>/write?precision=ns</c>; throws unless 204.</summary>
    public async Task WriteAsync(string database, string lineProtocol, CancellationToken cancellationToken = default)
    {
        var uri = new Uri(Url, "write?precision=ns&db=" + Uri.EscapeDataString(database));
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(lineProtocol, Encoding.UTF8) };
        request.Headers.Authorization = AdminAuthorization;
        using var response = await Http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.NoContent)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            throw new HttpRequestException($"InfluxDB answered {(int)response.StatusCode} to a write: {body}", null, response.StatusCode);
        }
    }

    public override string ToString() => $"influxd at {Url} ({DataRoot})";

    private static string QuoteIdentifier(string name)
        => "\"" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    protected override string Executable => "influxd";

    protected override IReadOnlyList<string> Arguments => ["run", "-config", _configPath, "-pidfile", _pidPath];

    protected override string Readiness => $"answer GET {Url}ping with 204";

    protected override TimeSpan StartTimeout => _options.StartTimeout;

    protected override Task AfterFirstStartAsync(CancellationToken cancellationToken) =>
        _options.AuthEnabled ? CreateAdminAsync(cancellationToken) : Task.CompletedTask;

    protected override Task WriteConfigAsync(CancellationToken cancellationToken)
    {
        string Dir(string name) => Path.Combine(DataRoot, name).Replace("\\", "/", StringComparison.Ordinal);
        var config = $"""
            reporting-enabled = false
            bind-address = "127.0.0.1:{RpcPort}"

            [meta]
              dir = "{Dir("meta")}"

            [data]
              dir = "{Dir("data")}"
              wal-dir = "{Dir("wal")}"
              query-log-enabled = false

            [monitor]
              store-enabled = false

            [http]
              bind-address = "127.0.0.1:{HttpPort}"
              auth-enabled = {(_options.AuthEnabled ? "true" : "false")}
              log-enabled = false

            [logging]
              level = "warn"
              suppress-logo = true

            [continuous_queries]
              enabled = false

            [retention]
              enabled = false

            """;
        return File.WriteAllTextAsync(_configPath, config, cancellationToken);
    }

    protected override async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            using var response = await Http.GetAsync(new Uri(Url, "ping"), timeout.Token).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.NoContent;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task CreateAdminAsync(CancellationToken cancellationToken)
    {
        // 1.x accepts this one statement without credentials while no user exists (ENVIRONMENT.md).
        var form = new FormUrlEncodedContent([new("q", $"CREATE USER {QuoteIdentifier(_options.AdminUser)} WITH PASSWORD '{_options.AdminPassword.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}' WITH ALL PRIVILEGES")]);
        using var response = await Http.PostAsync(new Uri(Url, "query"), form, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK || body.Contains("\"error\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Creating the InfluxDB admin user failed ({(int)response.StatusCode}): {body}");
        }
    }
}
