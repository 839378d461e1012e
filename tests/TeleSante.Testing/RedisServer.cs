using System.Net;
using System.Net.Sockets;
using System.Text;
using TeleSante.Testing.Internal;

namespace TeleSante.Testing;

/// <summary>
/// A real Redis 7 server (<c>redis-server</c>) for tests: loopback only, a free port, config and
/// working directory under a fresh temp directory, deleted on dispose. Nothing is persisted
/// (<c>save ""</c>, <c>appendonly no</c>): the live view only uses pub/sub.
/// </summary>
/// <remarks>Config follows the tested Redis 7 start-up recipe for this machine; the log goes to stdout so
/// <see cref="RecentOutput"/> shows it in failure messages.</remarks>
public sealed class RedisServer : LoopbackServer
{
    private readonly string _configPath;

    private RedisServer(string dataRoot, int port)
        : base(dataRoot)
    {
        Port = port;
        _configPath = Path.Combine(dataRoot, "redis.conf");
    }

    /// <summary>Always 127.0.0.1: the server listens on loopback only.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The server's TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>A StackExchange.Redis connection string for this server, e.g. <c>127.0.0.1:41234</c>.</summary>
    public string ConnectionString => $"{Host}:{Port}";

    /// <summary>Starts redis-server and waits until it answers PING with PONG.</summary>
    /// <exception cref="InvalidOperationException">redis-server is not installed, exited, or did not
    /// answer in time (the message includes its output).</exception>
    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken = default)
    {
        if (ExternalProcess.FindExecutable("redis-server") is null)
        {
            throw new InvalidOperationException("redis-server is not installed. Run scripts/install-deps.sh (apt-get install redis-server).");
        }

        return await StartOnFreePortsAsync("telesante-redis-", root => new RedisServer(root, FreePort.Next()), cancellationToken).ConfigureAwait(false);
    }

    public override string ToString() => $"redis-server at {ConnectionString} ({DataRoot})";

    protected override Task WriteConfigAsync(CancellationToken cancellationToken)
    {
        // redis.conf: quoted values, "" for an empty one.
        var config = $"""
            bind 127.0.0.1
            port {Port}
            daemonize no
            save ""
            appendonly no
            dir "{DataRoot}"
            logfile ""
            loglevel notice

            """;
        return File.WriteAllTextAsync(_configPath, config, cancellationToken);
    }

    protected override string Executable => "redis-server";

    protected override IReadOnlyList<string> Arguments => [_configPath];

    protected override string Readiness => $"answer PING on {ConnectionString}";

    /// <summary>One inline PING (RESP allows inline commands) on a fresh connection: true on +PONG.</summary>
    protected override async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(1));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port), timeout.Token).ConfigureAwait(false);
            await socket.SendAsync("PING\r\n"u8.ToArray(), SocketFlags.None, timeout.Token).ConfigureAwait(false);
            var buffer = new byte[64];
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token).ConfigureAwait(false);
            return Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
