using System.Net;
using System.Net.Sockets;
using MQTTnet;
using TeleSante.Testing;

namespace TeleSante.Bench.Peer;

/// <summary>
/// The peer's broker: mosquitto 2 on a free loopback port with its own config in a temp directory (not
/// the system service), configured as it is commonly deployed: persistence off, anonymous clients on a
/// private network, every other limit at its default (max_queued_messages 1000 and max_inflight_messages
/// 20 per client), log to a file with the default log types; $SYS published every 2 s (10 by default) so
/// the bench can read the dropped-message counter right after a run.
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
            sys_interval 2

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

    /// <summary>
    /// mosquitto(8) <c>$SYS/broker/publish/messages/dropped</c>: "publish messages that have been dropped due
    /// to inflight/queuing limits" (max_inflight_messages, max_queued_messages), e.g. QoS 1 messages it had
    /// already acknowledged to a device and could not queue for a subscriber that fell behind.
    /// </summary>
    public async Task<long?> DroppedAsync(CancellationToken cancellationToken)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        var value = new TaskCompletionSource<long?>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ApplicationMessageReceivedAsync += e =>
        {
            value.TrySetResult(long.TryParse(e.ApplicationMessage.ConvertPayloadToString(), System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : null);
            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", Port).WithClientId("bench-sys-reader").Build(), cancellationToken).ConfigureAwait(false);
        await client.SubscribeAsync("$SYS/broker/publish/messages/dropped", cancellationToken: cancellationToken).ConfigureAwait(false);

        // Retained, republished every sys_interval: it arrives at once or within the interval.
        var answer = await Task.WhenAny(value.Task, Task.Delay(TimeSpan.FromSeconds(5), cancellationToken)).ConfigureAwait(false);
        await client.DisconnectAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        return answer == value.Task ? await value.Task.ConfigureAwait(false) : null;
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
