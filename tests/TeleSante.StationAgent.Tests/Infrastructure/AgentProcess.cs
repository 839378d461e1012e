using TeleSante.Testing;

namespace TeleSante.StationAgent.Tests.Infrastructure;

/// <summary>
/// The station agent as a child process (<c>dotnet TeleSante.StationAgent.dll</c>, its own build output
/// with its appsettings.json), so that it can be killed with SIGKILL: no shutdown code runs, exactly
/// like a power cut for the process, and whatever it had on disk is all the next start gets.
/// </summary>
public sealed class AgentProcess : IAsyncDisposable
{
    private readonly IReadOnlyList<string> _arguments;
    private ExternalProcess? _process;

    private AgentProcess(IReadOnlyList<string> arguments) => _arguments = arguments;

    public string RecentOutput => _process?.RecentOutput ?? string.Empty;

    public static async Task<AgentProcess> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var arguments = new List<string> { AgentDll(), "--Logging:Console:FormatterName=simple" };
        arguments.AddRange(settings.Select(s => $"--{s.Key}={s.Value}"));
        var agent = new AgentProcess(arguments);
        await agent.StartAgainAsync();
        return agent;
    }

    /// <summary>Starts the process (again) with the same settings and waits until its port is open.</summary>
    public async Task StartAgainAsync()
    {
        _process = ExternalProcess.Start("dotnet", _arguments);
        await _process.WaitForOutputAsync("Serial port", TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGKILL, then waits until the process is gone.</summary>
    public async Task KillAsync()
    {
        if (_process is null)
        {
            return;
        }

        _process.Kill();
        await _process.WaitForExitAsync(TimeSpan.FromSeconds(10));
        await _process.DisposeAsync();
        _process = null;
    }

    /// <summary>SIGTERM: the host stops its services; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (_process is null)
        {
            return 0;
        }

        var code = await _process.StopAsync(TimeSpan.FromSeconds(15));
        return code;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }

    private static string AgentDll() => RepositoryPaths.BuiltApplication(Path.Combine("src", "TeleSante.StationAgent"), "TeleSante.StationAgent.dll");
}
