using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TeleSante.StationAgent.Tests.Infrastructure;

/// <summary>The station agent hosted in the test process (the same registration as Program.cs), with
/// its outbox in a fresh temp directory and its log captured.</summary>
public sealed class InProcessAgent : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly RecordingLoggerProvider _logs;
    private bool _stopped;

    private readonly bool _ownsOutbox;

    private InProcessAgent(IHost host, RecordingLoggerProvider logs, string outboxDirectory, bool ownsOutbox)
    {
        _host = host;
        _logs = logs;
        OutboxDirectory = outboxDirectory;
        _ownsOutbox = ownsOutbox;
    }

    public string OutboxDirectory { get; }

    public AgentStatus Status => _host.Services.GetRequiredService<AgentStatus>();

    public IReadOnlyList<LogEntry> Logs => _logs.Log.Entries;

    public string LogText => _logs.Log.ToString();

    /// <summary>Errors logged, except those the test expects.</summary>
    public IReadOnlyList<LogEntry> UnexpectedErrors(params int[] expectedEventIds) => _logs.Log.UnexpectedErrors(expectedEventIds);

    /// <summary>Starts an agent reading <paramref name="portPath"/> as <paramref name="deviceId"/>. With
    /// <paramref name="outboxDirectory"/> it continues an earlier agent's outbox (which it then does not delete).</summary>
    public static async Task<InProcessAgent> StartAsync(string portPath, string deviceId, int gatewayGrpcPort, string sessionId, IReadOnlyDictionary<string, string?>? settings = null, string? outboxDirectory = null)
    {
        var outbox = outboxDirectory ?? Directory.CreateTempSubdirectory("telesante-agent-").FullName;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var configuration = new Dictionary<string, string?>
        {
            ["Agent:SiteId"] = "pharma-test-01",
            ["Agent:SessionId"] = sessionId,
            ["Agent:Ports:0:Path"] = portPath,
            ["Agent:Ports:0:DeviceId"] = deviceId,
            ["Agent:Ports:0:ReopenDelay"] = "00:00:00.200",
            ["Gateway:Url"] = "http://127.0.0.1:" + gatewayGrpcPort.ToString(CultureInfo.InvariantCulture),
            ["Gateway:RetryInitialDelay"] = "00:00:00.100",
            ["Gateway:RetryMaxDelay"] = "00:00:01",
            ["Outbox:Directory"] = outbox,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        var logs = new RecordingLoggerProvider(LogLevel.Debug);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(logs);
        builder.AddStationAgent();
        var host = builder.Build();
        var agent = new InProcessAgent(host, logs, outbox, ownsOutbox: outboxDirectory is null);
        await host.StartAsync();
        return agent;
    }

    /// <summary>Polls <paramref name="condition"/> on the agent's counters until it holds.</summary>
    public async Task WaitUntilAsync(Func<AgentStatus, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(Status))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"agent: {what} not reached within {timeout}: {Status}\n{LogText}");
            }

            await Task.Delay(50);
        }
    }

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _host.StopAsync(timeout.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();

        // Asynchronously: the outbox's segment log only disposes asynchronously (its writer finishes its group).
        if (_host is IAsyncDisposable host)
        {
            await host.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }
        if (!_ownsOutbox)
        {
            return;
        }

        try
        {
            Directory.Delete(OutboxDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
