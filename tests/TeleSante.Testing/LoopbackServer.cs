using TeleSante.Testing.Internal;

namespace TeleSante.Testing;

/// <summary>
/// A real server under test (influxd, mosquitto, redis-server) as a child process with its configuration
/// and data in a temporary directory, on free loopback ports: started until it answers, stopped, killed
/// and started again on the same ports and data for outage tests, deleted on dispose.
/// </summary>
public abstract class LoopbackServer : IAsyncDisposable
{
    private ExternalProcess? _process;
    private bool _killed;

    protected LoopbackServer(string dataRoot) => DataRoot = dataRoot;

    /// <summary>Temporary directory of the configuration, logs and data; deleted on dispose.</summary>
    public string DataRoot { get; }

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The last lines the process wrote (for failure messages).</summary>
    public string RecentOutput => _process?.RecentOutput ?? "";

    /// <summary>The server's executable, e.g. "influxd".</summary>
    protected abstract string Executable { get; }

    /// <summary>Its command line (the configuration file written by <see cref="WriteConfigAsync"/>).</summary>
    protected abstract IReadOnlyList<string> Arguments { get; }

    /// <summary>What "ready" means, for the time-out message, e.g. "answer PING on 127.0.0.1:6379".</summary>
    protected abstract string Readiness { get; }

    protected virtual TimeSpan StartTimeout => TimeSpan.FromSeconds(10);

    /// <summary>Graceful stop: SIGTERM and wait for exit (SIGKILL after 10 s). Data stays on disk.</summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            await process.StopAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
    }

    /// <summary>Simulates a crash: SIGKILL, no flush. Returns at once.</summary>
    public void Kill()
    {
        _killed = true;
        _process?.Kill();
    }

    /// <summary>Starts the server again on the same ports and directories, after <see cref="StopAsync"/>
    /// or <see cref="Kill"/>.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        if (_process is { } previous)
        {
            if (!previous.HasExited && !_killed)
            {
                throw new InvalidOperationException($"{Executable} is still running; stop it first.");
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

        GC.SuppressFinalize(this);
    }

    /// <summary>
    /// Creates a server in a fresh temporary directory, writes its configuration, starts it and waits until
    /// it answers. A free port can be taken between choosing it and the server's bind: the whole start is
    /// retried on fresh ports (and a fresh directory) up to three times.
    /// </summary>
    protected static async Task<T> StartOnFreePortsAsync<T>(string tempPrefix, Func<string, T> create, CancellationToken cancellationToken)
        where T : LoopbackServer
    {
        ArgumentNullException.ThrowIfNull(create);
        for (var attempt = 1; ; attempt++)
        {
            var server = create(Directory.CreateTempSubdirectory(tempPrefix).FullName);
            try
            {
                await server.WriteConfigAsync(cancellationToken).ConfigureAwait(false);
                await server.LaunchAsync(cancellationToken).ConfigureAwait(false);
                await server.AfterFirstStartAsync(cancellationToken).ConfigureAwait(false);
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

    protected abstract Task WriteConfigAsync(CancellationToken cancellationToken);

    /// <summary>True once the server answers (each server has its own probe).</summary>
    protected abstract Task<bool> IsReadyAsync(CancellationToken cancellationToken);

    /// <summary>One-time set-up once the server first answers (e.g. an admin user).</summary>
    protected virtual Task AfterFirstStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task LaunchAsync(CancellationToken cancellationToken)
    {
        var process = ExternalProcess.Start(Executable, Arguments);
        _process = process;
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                var output = process.RecentOutput;
                var message = $"{Executable} exited with code {process.ExitCode} during start. Output:\n{output}";
                throw output.Contains("address already in use", StringComparison.OrdinalIgnoreCase)
                    ? new AddressInUseException(message)
                    : new InvalidOperationException(message);
            }

            if (await IsReadyAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                var output = process.RecentOutput;
                await process.StopAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false);
                throw new InvalidOperationException($"{Executable} did not {Readiness} within {StartTimeout.TotalSeconds:0} s. Output:\n{output}");
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }
}
