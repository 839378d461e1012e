namespace TeleSante.Testing;

/// <summary>How <see cref="ExternalProcess.Start"/> runs a child process.</summary>
public sealed class ExternalProcessOptions
{
    /// <summary>Working directory of the child; the test's current directory when null.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Environment variables to set (a null value removes the variable).</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    /// <summary>How many of the most recent output lines (stdout and stderr) are kept. Default 2,000.</summary>
    public int OutputLines { get; init; } = 2_000;

    /// <summary>Keep standard input open as <see cref="ExternalProcess.StandardInput"/>. Default false
    /// (the child reads end-of-file at once).</summary>
    public bool RedirectStandardInput { get; init; }

    /// <summary>Called for every output line as it arrives, e.g. to forward to an xunit
    /// <c>ITestOutputHelper</c>. Lines are prefixed with <c>out: </c> or <c>err: </c>. It runs on a
    /// thread-pool thread and must not throw.</summary>
    public Action<string>? OnOutputLine { get; init; }

    /// <summary>
    /// Run the program under coreutils <c>stdbuf -oL -eL</c>, so a C program that writes with
    /// stdio (mosquitto_sub, mosquitto_pub -d) flushes every line although its output is a pipe;
    /// glibc otherwise holds 4 KiB and <see cref="ExternalProcess.WaitForOutputAsync(string, TimeSpan, CancellationToken)"/>
    /// never sees e.g. mosquitto_sub's "received SUBACK". Default false.
    /// </summary>
    public bool LineBuffered { get; init; }
}
