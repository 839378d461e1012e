using System.Collections.Concurrent;
using System.Diagnostics;
using TeleSante.Testing.Internal;

namespace TeleSante.Testing;

/// <summary>
/// A child process for tests: the servers the fixtures start (influxd, mosquitto), command-line
/// clients nobody here wrote (mosquitto_pub, mosquitto_sub), or the gateway itself. Captures the
/// last lines of stdout/stderr for failure messages, stops with SIGTERM then SIGKILL, and never
/// outlives the test process on a normal exit.
/// </summary>
public sealed class ExternalProcess : IAsyncDisposable
{
    /// <summary>Children still running, killed if the test host exits without disposing them
    /// (a crashed fixture must not leave influxd holding ports for the next run).</summary>
    private static readonly ConcurrentDictionary<ExternalProcess, byte> Live = new();

    private readonly Process _process;
    private readonly OutputRing _output;
    private readonly Task<int> _exited;

    static ExternalProcess()
    {
        AppDomain.CurrentDomain.ProcessExit += static (_, _) =>
        {
            foreach (var child in Live.Keys)
            {
                child.Kill();
            }
        };
    }

    private ExternalProcess(Process process, string name, ExternalProcessOptions options)
    {
        _process = process;
        Name = name;
        _output = new OutputRing(Math.Max(1, options.OutputLines));
        var onLine = options.OnOutputLine;

        // Both streams share one ring so the interleaving shows what happened in order.
        process.OutputDataReceived += (_, e) => OnLine(e.Data, "out: ");
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, "err: ");

        void OnLine(string? data, string prefix)
        {
            if (data is null)
            {
                return;
            }

            var line = prefix + data;
            _output.Add(line);
            onLine?.Invoke(line);
        }

        process.Start();
        Id = process.Id;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Live.TryAdd(this, 0);
        _exited = WaitForExitCoreAsync();
    }

    /// <summary>The program name, for messages.</summary>
    public string Name { get; }

    /// <summary>The operating-system process id.</summary>
    public int Id { get; }

    /// <summary>True once the process has exited and its output has been read to the end.</summary>
    public bool HasExited => _exited.IsCompleted;

    /// <summary>The exit code, once exited (negative numbers are not used: a signal-killed process
    /// reports 128 + signal, as a shell would).</summary>
    public int? ExitCode => _exited.IsCompletedSuccessfully ? _exited.Result : null;

    /// <summary>Completes with the exit code when the process exits.</summary>
    public Task<int> Exited => _exited;

    /// <summary>The child's standard input; only when <see cref="ExternalProcessOptions.RedirectStandardInput"/>.</summary>
    public StreamWriter StandardInput => _process.StartInfo.RedirectStandardInput
        ? _process.StandardInput
        : throw new InvalidOperationException("Start the process with RedirectStandardInput = true.");

    /// <summary>The most recent output lines, each prefixed with <c>out: </c> or <c>err: </c>.</summary>
    public IReadOnlyList<string> RecentOutputLines => _output.Snapshot();

    /// <summary>The most recent output as one string, for assertion and exception messages.</summary>
    public string RecentOutput => _output.ToString();

    /// <summary>
    /// Starts <paramref name="fileName"/> (looked up on PATH) with <paramref name="arguments"/>
    /// passed verbatim (no shell quoting involved).
    /// </summary>
    /// <exception cref="FileNotFoundException">The program is not on PATH.</exception>
    public static ExternalProcess Start(string fileName, IEnumerable<string> arguments, ExternalProcessOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        options ??= new ExternalProcessOptions();
        var path = FindExecutable(fileName)
            ?? throw new FileNotFoundException($"'{fileName}' was not found on PATH.", fileName);

        var stdbuf = options.LineBuffered
            ? FindExecutable("stdbuf") ?? throw new FileNotFoundException("'stdbuf' (coreutils) was not found on PATH.", "stdbuf")
            : null;
        var startInfo = new ProcessStartInfo(stdbuf ?? path)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = options.RedirectStandardInput,
            WorkingDirectory = options.WorkingDirectory ?? "",
        };
        if (stdbuf is not null)
        {
            startInfo.ArgumentList.Add("-oL");
            startInfo.ArgumentList.Add("-eL");
            startInfo.ArgumentList.Add(path);
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in options.Environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(key);
            }
            else
            {
                startInfo.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = startInfo };
        return new ExternalProcess(process, Path.GetFileName(fileName), options);
    }

    /// <summary>The full path of <paramref name="fileName"/> if it is on PATH (or is itself a path).</summary>
    public static string? FindExecutable(string fileName)
    {
        if (fileName.Contains('/'))
        {
            return File.Exists(fileName) ? Path.GetFullPath(fileName) : null;
        }

        // Debian puts daemons such as mosquitto in /usr/sbin, which a non-login PATH may lack.
        var directories = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/local/sbin", "/usr/sbin", "/sbin"]);
        foreach (var directory in directories)
        {
            var candidate = Path.Combine(directory, fileName);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// Waits until an output line (stdout or stderr, without the <c>out: </c>/<c>err: </c> prefix)
    /// contains <paramref name="text"/>; lines already printed count.
    /// </summary>
    public Task<string> WaitForOutputAsync(string text, TimeSpan timeout, CancellationToken cancellationToken = default)
        => WaitForOutputAsync(line => line.Contains(text, StringComparison.Ordinal), timeout, cancellationToken);

    /// <summary>Waits until an output line (prefix removed) matches; lines already printed count.</summary>
    /// <exception cref="TimeoutException">No match in time, or the process exited first; the
    /// message carries the recent output.</exception>
    public async Task<string> WaitForOutputAsync(Func<string, bool> match, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        try
        {
            var line = await _output.WaitFor(line => match(line[5..])).WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return line[5..];
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException)
        {
            throw new TimeoutException(
                $"{Name} (pid {Id}) did not print the expected line within {timeout.TotalSeconds:0.#} s"
                + (HasExited ? $"; it exited with code {ExitCode}" : "") + $". Recent output:\n{RecentOutput}", ex);
        }
    }

    /// <summary>Sends SIGTERM (graceful stop) without waiting.</summary>
    public void Terminate() => NativeMethods.SendSignal(Id, NativeMethods.SigTerm);

    /// <summary>Sends SIGKILL without waiting: simulates a crash (no flush, no goodbye).</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already exited and reaped: nothing to kill.
        }
    }

    /// <summary>Waits for the process to exit by itself.</summary>
    /// <exception cref="TimeoutException">Still running after <paramref name="timeout"/>.</exception>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        try
        {
            return await _exited.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{Name} (pid {Id}) still runs after {timeout.TotalSeconds:0.#} s. Recent output:\n{RecentOutput}", ex);
        }
    }

    /// <summary>
    /// SIGTERM, wait up to <paramref name="gracePeriod"/> (default 10 s), then SIGKILL. Returns the
    /// exit code. Safe to call when already exited.
    /// </summary>
    public async Task<int> StopAsync(TimeSpan? gracePeriod = null)
    {
        if (!HasExited)
        {
            Terminate();
            try
            {
                return await _exited.WaitAsync(gracePeriod ?? TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                Kill();
            }
        }

        return await _exited.ConfigureAwait(false);
    }

    /// <summary>Stops the process (see <see cref="StopAsync"/>).</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _process.Dispose();
    }

    public override string ToString() => $"{Name} (pid {Id})";

    private async Task<int> WaitForExitCoreAsync()
    {
        // WaitForExitAsync also waits for both redirected streams to reach end of file, so every
        // line is in the ring by the time Exited completes.
        await _process.WaitForExitAsync().ConfigureAwait(false);
        _output.Complete();
        Live.TryRemove(this, out _);
        return _process.ExitCode;
    }
}
