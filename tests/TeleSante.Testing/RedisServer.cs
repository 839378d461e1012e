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
/// <remarks>Config follows /work/shared/ENVIRONMENT.md; the log goes to stdout so
/// <see cref="RecentOutput"/> shows it in failure messages.</remarks>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string _configPath;
    private ExternalProcess? _process;
    private bool _killed;

    private RedisServer(string dataRoot, int port)
    {
        DataRoot = dataRoot;
        Port = port;
        _configPath = Path.Combine(dataRoot, "redis.conf");
    }

    /// <summary>Always 127.0.0.1: the server listens on loopback only.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The server's TCP port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>A StackExchange.Redis connection string for this server, e.g. <c>127.0.0.1:41234</c>.</summary>
    public string ConnectionString => $"{Host}:{Port}";

    /// <summary>Temp directory holding the config (and the working directory); deleted on dispose.</summary>
    public string DataRoot { get; }

    /// <summary>True while redis-server runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>redis-server's most recent output lines.</summary>
    public string RecentOutput => _process?.RecentOutput ?? "";

    /// <summary>Starts redis-server and waits until it answers PING with PONG.</summary>
    /// <exception cref="InvalidOperationException">redis-server is not installed, exited, or did not
    /// answer in time (the message includes its output).</exception>
    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken = default)
    {
        if (ExternalProcess.FindExecutable("redis-server") is null)
        {
            throw new InvalidOperationException("redis-server is not installed. Run scripts/install-deps.sh (apt-get install redis-server).");
        }

        // A free port can be taken between FreePort.Next() and redis-server's bind: retry on fresh ports.
        for (var attempt = 1; ; attempt++)
        {
            var root = Directory.CreateTempSubdirectory("telesante-redis-").FullName;
            var server = new RedisServer(root, FreePort.Next());
            try
            {
                await server.WriteConfigAsync(cancellationToken).ConfigureAwait(false);
                await server.LaunchAsync(cancellationToken).ConfigureAwait(false);
                return server;
            }
            catch (Exception ex) when (attempt < 3 && ex is AddressInUseException)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
            catch
            {
                await server.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
    }

    /// <summary>Graceful stop: SIGTERM and wait for exit (SIGKILL after 10 s). Clients see their
    /// connections closed.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            await process.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
    }

    /// <summary>Simulates a crash: SIGKILL. Returns at once.</summary>
    public void Kill()
    {
        _killed = true;
        _process?.Kill();
    }

    /// <summary>Starts the server again on the same port, after <see cref="StopAsync"/> or
    /// <see cref="Kill"/>: for outage tests. It starts empty (nothing is persisted).</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        if (_process is { } previous)
        {
            if (!previous.HasExited && !_killed)
            {
                throw new InvalidOperationException("redis-server is still running; stop it first.");
            }

            // After Kill() the process may take a moment to be reaped.
            await previous.WaitForExitAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            await previous.DisposeAsync().ConfigureAwait(false);
            _process = null;
        }

        _killed = false;
        await LaunchAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the server and deletes <see cref="DataRoot"/>.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
        {
            await process.DisposeAsync().ConfigureAwait(false);
            _process = null;
        }

        try
        {
            Directory.Delete(DataRoot, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    public override string ToString() => $"redis-server at {ConnectionString} ({DataRoot})";

    private Task WriteConfigAsync(CancellationToken cancellationToken)
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

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        _process = ExternalProcess.Start("redis-server", [_configPath]);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                var output = _process.RecentOutput;
                var message = $"redis-server exited with code {_process.ExitCode} during start. Output:\n{output}";
                throw output.Contains("Address already in use", StringComparison.OrdinalIgnoreCase)
                    ? new AddressInUseException(message)
                    : new InvalidOperationException(message);
            }

            if (await PingAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                var output = _process.RecentOutput;
                await _process.StopAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
                throw new InvalidOperationException($"redis-server did not answer PING on {ConnectionString} within 10 s. Output:\n{output}");
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>One inline PING (RESP allows inline commands) on a fresh connection: true on +PONG.</summary>
    private async Task<bool> PingAsync(CancellationToken cancellationToken)
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
