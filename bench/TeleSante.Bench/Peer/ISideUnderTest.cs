namespace TeleSante.Bench.Peer;

/// <summary>One side of the comparison, started and ready: the gateway, or mosquitto + Node-RED.</summary>
public interface ISideUnderTest : IAsyncDisposable
{
    /// <summary>gateway or peer.</summary>
    string Name { get; }

    /// <summary>Where the vitals devices connect (127.0.0.1).</summary>
    int MqttPort { get; }

    /// <summary>The side's own processes, whose CPU and memory are its cost.</summary>
    IReadOnlyList<(string Name, Func<int?> Pid)> Processes { get; }

    int Warnings { get; }

    int Errors { get; }

    IReadOnlyList<string> Problems { get; }

    /// <summary>True when, as far as the side can tell, nothing it accepted is still on its way to
    /// InfluxDB (the gateway: an empty forwarding backlog; the peer keeps no such account).</summary>
    Task<bool> IsIdleAsync(CancellationToken cancellationToken);

    /// <summary>One readiness probe as an orchestrator would send it (the gateway's GET /health, answered with any
    /// status): its round trip in ms, or the timeout when it did not answer in time; null when the side has no such
    /// endpoint (mosquitto and Node-RED with its editor off).</summary>
    Task<double?> ProbeHealthAsync(TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>Messages the side's broker says it dropped (mosquitto's $SYS counter for its queue and
    /// in-flight limits); null where the broker keeps no such count (the gateway refuses instead).</summary>
    Task<long?> BrokerDroppedAsync(CancellationToken cancellationToken);
}
