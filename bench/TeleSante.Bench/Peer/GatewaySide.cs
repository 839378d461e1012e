using System.Diagnostics;
using TeleSante.Bench.Gateway;
using TeleSante.Bench.Infrastructure;

namespace TeleSante.Bench.Peer;

/// <summary>The built gateway as the side under test: its embedded broker takes the vitals, PUBACK after the
/// WAL's fsync, its forwarder writes them to InfluxDB.</summary>
public sealed class GatewaySide : ISideUnderTest
{
    private readonly GatewayProcessHost _host;

    private GatewaySide(GatewayProcessHost host) => _host = host;

    public string Name => "gateway";

    public int MqttPort => _host.MqttPort;

    public IReadOnlyList<(string Name, Func<int?> Pid)> Processes => [("gateway", () => _host.ProcessId)];

    public int Warnings => _host.Warnings;

    public int Errors => _host.Errors;

    public IReadOnlyList<string> Problems => _host.Problems;

    /// <summary>As the gateway command runs it for vitals (device authentication off: registering
    /// thousands of simulated devices is outside the bench; the check is per connection), no ECG analysis.</summary>
    public static async Task<GatewaySide> StartAsync(string dll, BenchInfluxServer influx, string database, CancellationToken cancellationToken)
    {
        var host = await GatewayProcessHost.StartAsync(dll, influx.Url, database, new Dictionary<string, string>
        {
            ["Security:DeviceAuthentication"] = "false",
            ["Attribution:Mode"] = "Session",
            ["Analysis:Enabled"] = "false",
        }, cancellationToken).ConfigureAwait(false);
        return new GatewaySide(host);
    }

    public async Task<bool> IsIdleAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            var health = await _host.HealthAsync(timeout.Token).ConfigureAwait(false);
            return health.BacklogRecords == 0 && health.InfluxReachable;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public async Task<double?> ProbeHealthAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(timeout);
            _ = await _host.HealthAsync(deadline.Token).ConfigureAwait(false);
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return timeout.TotalMilliseconds;
        }
    }

    public Task<long?> BrokerDroppedAsync(CancellationToken cancellationToken) => Task.FromResult<long?>(null);

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
