using System.Net;
using System.Net.Sockets;
using System.Text;
using TeleSante.Testing.Internal;

namespace TeleSante.Testing;

/// <summary>
/// A real mosquitto 2.x broker for tests: one listener on 127.0.0.1 and a free port, config,
/// password file, persistence and log under a fresh temp directory, deleted on dispose.
/// </summary>
/// <remarks>
/// Started as root, mosquitto drops privileges to user <c>mosquitto</c> and then silently fails
/// to write its log and persistence files in our root-owned temp directory (ENVIRONMENT.md), so the
/// config says <c>user root</c> in that case. The log also goes to stderr, so
/// <see cref="RecentOutput"/> shows it in failure messages.
/// </remarks>
public sealed class MosquittoServer : LoopbackServer
{
    private readonly string _configPath;

    private MosquittoServer(MosquittoConfig config, string dataRoot, int port)
        : base(dataRoot)
    {
        Config = config;
        Port = port;
        _configPath = Path.Combine(dataRoot, "mosquitto.conf");
    }

    /// <summary>Always 127.0.0.1: the broker listens on loopback only.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The MQTT (TCP) port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The configuration the broker was started with.</summary>
    public MosquittoConfig Config { get; }

    /// <summary>The broker's log file (also echoed on stderr).</summary>
    public string LogFile => Path.Combine(DataRoot, "mosquitto.log");

    /// <summary>Where <c>mosquitto.db</c> lives when <see cref="MosquittoConfig.Persistence"/> is on.</summary>
    public string PersistenceDirectory => Path.Combine(DataRoot, "persistence");

    /// <summary>Starts mosquitto and waits until its port accepts a TCP connection.</summary>
    /// <exception cref="InvalidOperationException">mosquitto is not installed, exited, or did not
    /// listen in time (the message includes its output).</exception>
    public static async Task<MosquittoServer> StartAsync(MosquittoConfig? config = null, CancellationToken cancellationToken = default)
    {
        config ??= new MosquittoConfig();
        if (ExternalProcess.FindExecutable("mosquitto") is null)
        {
            throw new InvalidOperationException("mosquitto is not installed. " + InfluxDbServer.InstallHint);
        }

        return await StartOnFreePortsAsync("telesante-mosquitto-", root => new MosquittoServer(config, root, FreePort.Next()), cancellationToken).ConfigureAwait(false);
    }

    public override string ToString() => $"mosquitto at {Host}:{Port} ({DataRoot})";

    protected override async Task WriteConfigAsync(CancellationToken cancellationToken)
    {
        var config = new StringBuilder();
        if (NativeMethods.IsRoot)
        {
            config.AppendLine("user root");
        }

        config.AppendLine($"listener {Port} 127.0.0.1");
        config.AppendLine($"allow_anonymous {(Config.AllowAnonymous ? "true" : "false")}");
        if (Config.Users.Count > 0)
        {
            var passwordFile = Path.Combine(DataRoot, "passwd");
            await CreatePasswordFileAsync(passwordFile, cancellationToken).ConfigureAwait(false);
            config.AppendLine($"password_file {passwordFile}");
        }

        if (Config.Persistence)
        {
            Directory.CreateDirectory(PersistenceDirectory);
            config.AppendLine("persistence true");

            // mosquitto.conf(5): the location must end with a slash.
            config.AppendLine($"persistence_location {PersistenceDirectory}/");
        }
        else
        {
            config.AppendLine("persistence false");
        }

        if (Config.MaxQueuedMessages is { } queued)
        {
            config.AppendLine($"max_queued_messages {queued}");
        }

        if (Config.MaxInflightMessages is { } inflight)
        {
            config.AppendLine($"max_inflight_messages {inflight}");
        }

        config.AppendLine($"log_dest file {LogFile}");
        config.AppendLine("log_dest stderr");
        config.AppendLine("log_type error");
        config.AppendLine("log_type warning");
        config.AppendLine("log_type notice");
        config.AppendLine("log_type information");
        config.AppendLine("log_timestamp_format %H:%M:%S");
        foreach (var line in Config.ExtraLines)
        {
            config.AppendLine(line);
        }

        await File.WriteAllTextAsync(_configPath, config.ToString(), cancellationToken).ConfigureAwait(false);
    }

    private async Task CreatePasswordFileAsync(string passwordFile, CancellationToken cancellationToken)
    {
        var create = true;
        foreach (var (user, password) in Config.Users)
        {
            // -c creates (truncates) the file, so only for the first user; -b takes the password
            // from the command line instead of prompting.
            string[] arguments = create ? ["-c", "-b", passwordFile, user, password] : ["-b", passwordFile, user, password];
            create = false;
            await using var tool = ExternalProcess.Start("mosquitto_passwd", arguments);
            var exitCode = await tool.WaitForExitAsync(TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"mosquitto_passwd failed ({exitCode}) for user '{user}':\n{tool.RecentOutput}");
            }
        }
    }

    protected override string Executable => "mosquitto";

    protected override IReadOnlyList<string> Arguments => ["-c", _configPath];

    protected override string Readiness => $"listen on {Host}:{Port}";

    protected override async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
