using TeleSante.Testing;

namespace TeleSante.StationAgent.Tests.Infrastructure;

/// <summary>
/// A null-modem cable in software: Debian's socat joins two pseudo-terminals, raw and without echo, so
/// that what the simulated device writes on <see cref="DevicePath"/> is read by the agent on
/// <see cref="AgentPath"/> through a real tty (System.IO.Ports opens it like /dev/ttyUSB0). Like a
/// cable, it keeps bytes the agent has not read yet (tty buffers) while the agent is not running.
/// </summary>
public sealed class SerialLink : IAsyncDisposable
{
    private readonly ExternalProcess _socat;

    private SerialLink(string directory, ExternalProcess socat)
    {
        Directory = directory;
        _socat = socat;
    }

    public string Directory { get; }

    public string DevicePath => Path.Combine(Directory, "dev");

    public string AgentPath => Path.Combine(Directory, "agent");

    public static async Task<SerialLink> StartAsync()
    {
        if (ExternalProcess.FindExecutable("socat") is null)
        {
            throw new InvalidOperationException("socat is not on PATH: apt-get install -y socat (scripts/install-deps.sh does)");
        }

        var directory = System.IO.Directory.CreateTempSubdirectory("telesante-serial-").FullName;
        var socat = ExternalProcess.Start("socat", ["-d", "-d",
            $"pty,raw,echo=0,link={Path.Combine(directory, "dev")}",
            $"pty,raw,echo=0,link={Path.Combine(directory, "agent")}"]);
        var link = new SerialLink(directory, socat);
        try
        {
            // socat prints "starting data transfer loop" once both ptys and their links exist.
            await socat.WaitForOutputAsync("starting data transfer loop", TimeSpan.FromSeconds(10));
            return link;
        }
        catch
        {
            await link.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _socat.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
