using System.Net;
using System.Net.Sockets;
using TeleSante.Testing.Internal;

namespace TeleSante.Testing;

/// <summary>
/// A real PostgreSQL 15 server (Debian <c>postgresql</c>) for tests: a fresh cluster (<c>initdb -A trust -U
/// telesante</c>) under a temp directory, listening on 127.0.0.1 on a free port, deleted on dispose. Follows the
/// tested PostgreSQL 15 start-up recipe for this machine (initdb, pg_ctl), except that the postmaster runs in the foreground (rather than
/// through <c>pg_ctl start</c>) so <see cref="LoopbackServer"/> owns its pid and output.
/// </summary>
/// <remarks>
/// initdb refuses to run as root, so as root both initdb and the server run as the <c>postgres</c> user, which
/// must own the directory. PostgreSQL treats SIGTERM as a "smart" shutdown that waits for every client to
/// disconnect (a connection pool never does); the small shell wrapper turns the SIGTERM of
/// <see cref="LoopbackServer.StopAsync"/> into SIGINT, the "fast" shutdown of <c>pg_ctl -m fast stop</c>.
/// </remarks>
public sealed class PostgresServer : LoopbackServer
{
    private const string BinDirectory = "/usr/lib/postgresql/15/bin";
    private const string ReadyLine = "database system is ready to accept connections";

    private PostgresServer(string dataRoot, int port)
        : base(dataRoot) => Port = port;

    /// <summary>Always 127.0.0.1.</summary>
    public string Host => "127.0.0.1";

    public int Port { get; }

    /// <summary>The superuser initdb created; trust authentication, no password.</summary>
    public string Username => "telesante";

    /// <summary>An Npgsql connection string to <paramref name="database"/> (default: the "postgres" database).</summary>
    public string ConnectionString(string database = "postgres") => $"Host={Host};Port={Port};Username={Username};Database={database}";

    private static bool RunningAsRoot => Environment.UserName == "root";

    private string DataDirectory => Path.Combine(DataRoot, "data");

    /// <summary>Creates a cluster and starts it; ready when the server logs that it accepts connections and its
    /// port answers.</summary>
    /// <exception cref="InvalidOperationException">PostgreSQL 15 is not installed, initdb failed, or the server
    /// did not start in time (the message includes its output).</exception>
    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Path.Combine(BinDirectory, "postgres")))
        {
            throw new InvalidOperationException($"PostgreSQL 15 is not installed ({BinDirectory}). Run scripts/install-deps.sh (apt-get install postgresql).");
        }

        return await StartOnFreePortsAsync("telesante-postgres-", root => new PostgresServer(root, FreePort.Next()), cancellationToken).ConfigureAwait(false);
    }

    public override string ToString() => $"postgres at {Host}:{Port} ({DataRoot})";

    protected override string Executable => "sh";

    protected override IReadOnlyList<string> Arguments =>
    [
        "-c",
        // exec-less on purpose: the shell stays the parent so it can relay SIGTERM as SIGINT (fast shutdown).
        """trap 'kill -INT $pid' TERM; "$@" & pid=$!; wait $pid; wait $pid""",
        "postgres-wrapper",
        .. ServerAsPostgresUser(Path.Combine(BinDirectory, "postgres"), "-D", DataDirectory, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-k", DataRoot, "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "logging_collector=off"),
    ];

    protected override string Readiness => $"accept connections on {Host}:{Port}";

    protected override TimeSpan StartTimeout => TimeSpan.FromSeconds(30);

    protected override async Task WriteConfigAsync(CancellationToken cancellationToken)
    {
        if (RunningAsRoot)
        {
            await RunAsync("chown", ["postgres:postgres", DataRoot], cancellationToken).ConfigureAwait(false);
        }

        await RunAsync(AsPostgresUser(Path.Combine(BinDirectory, "initdb"), "-D", DataDirectory, "-A", "trust", "-U", Username,
            "--no-sync", "-E", "UTF8", "--no-locale"), cancellationToken).ConfigureAwait(false);
    }

    protected override async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        if (!RecentOutput.Contains(ReadyLine, StringComparison.Ordinal))
        {
            return false;
        }

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port), timeout.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    // setpriv execs the server in place (runuser would stay between, and not relay SIGINT).
    private static string[] ServerAsPostgresUser(params string[] command) =>
        RunningAsRoot ? ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--", .. command] : command;

    private static string[] AsPostgresUser(params string[] command) =>
        RunningAsRoot ? ["runuser", "-u", "postgres", "--", .. command] : command;

    private static Task RunAsync(string[] command, CancellationToken cancellationToken) => RunAsync(command[0], command[1..], cancellationToken);

    private static async Task RunAsync(string fileName, string[] arguments, CancellationToken cancellationToken)
    {
        await using var process = ExternalProcess.Start(fileName, arguments);
        var code = await process.WaitForExitAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} exited with {code}:\n{process.RecentOutput}");
        }
    }
}
