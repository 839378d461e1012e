using System.Net;
using System.Net.Sockets;
using TeleSante.Testing;

namespace TeleSante.Bench.Peer;

/// <summary>
/// The peer's broker: mosquitto 2 on a free loopback port with its own config in a temp directory (not
/// the system service), configured as it is commonly deployed: persistence off, anonymous clients on a
/// private network, every other limit at its default (max_queued_messages 1000 and max_inflight_messages
/// 20 per client), log to a file with the default log types.
/// </summary>
public sealed class MosquittoHost : IAsyncDisposable
{
    private readonly ExternalProcess _process;

    private MosquittoHost(ExternalProcess process, string directory, int port)
    {
        _process = process;
        Directory = directory;
        Port = port;
    }

    public string Directory { get; }

    public int Port { get; }

    public int? ProcessId => _process.HasExited ? null : _process.Id;

    public static async Task<MosquittoHost> StartAsync(string executable, CancellationToken cancellationToken)
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("telesante-bench-mosquitto-").FullName;
        var port = FreePort.Next();
        var config = Path.Combine(directory, "mosquitto.conf");

        // Started as root, mosquitto drops to user mosquitto and then cannot write its log in a root-owned
        // temp directory (ENVIRONMENT.md): "user root" keeps it the bench's own process.
        await File.WriteAllTextAsync(config, $"""
            {(Environment.UserName == "root" ? "user root" : string.Empty)}
            listener {port} 127.0.0.1
            allow_anonymous true
            persistence false
            log_dest file {Path.Combine(directory, "mosquitto.log")}

            """, cancellationToken).ConfigureAwait(false);
        var process = ExternalProcess.Start(executable, ["-c", config]);
        var host = new MosquittoHost(process, directory, port);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                var log = Path.Combine(directory, "mosquitto.log");
                throw new InvalidOperationException($"mosquitto exited with {process.ExitCode}:\n{process.RecentOutput}{(File.Exists(log) ? await File.ReadAllTextAsync(log, cancellationToken).ConfigureAwait(false) : string.Empty)}");
            }

            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken).ConfigureAwait(false);
                return host;
            }
            catch (SocketException)
            {
                await Task.Delay(50, cancellationToken).ConfigureAwait(false);
            }
        }

        await host.DisposeAsync().ConfigureAwait(false);
        throw new TimeoutException("mosquitto did not listen within 10 s");
    }

    public async ValueTask DisposeAsync()
    {
        await _process.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        await _process.DisposeAsync().ConfigureAwait(false);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
