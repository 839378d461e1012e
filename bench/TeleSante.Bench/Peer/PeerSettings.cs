namespace TeleSante.Bench.Peer;

/// <summary>Options of the peer command (see bench/README.md §8).</summary>
/// <param name="Steps">Vitals device counts: one step per count, both sides at each (a ramp when several).</param>
/// <param name="Interval">Seconds between two documents of one device.</param>
/// <param name="Duration">Seconds of load per side and step.</param>
/// <param name="InfluxOutage">Seconds influxd is stopped in the middle of each side's load; 0 for none.</param>
/// <param name="Sides">gateway, peer, or both (gateway first).</param>
/// <param name="DrainTimeout">Longest wait after the load for what was acknowledged to reach InfluxDB.</param>
/// <param name="P99LimitMs">Ramp: a side stops climbing once its steady PUBACK p99 exceeds this.</param>
/// <param name="FlowStyle">How the peer's flow batches (<see cref="PeerFlowStyle"/>).</param>
/// <param name="BatchPoints">Points per batch the peer's flow sends to the InfluxDB batch node.</param>
/// <param name="FlushMilliseconds">The peer's flow writes what it has at least this often.</param>
public sealed record PeerSettings(
    IReadOnlyList<int> Steps,
    double Interval,
    int Duration,
    int InfluxOutage,
    string Sides,
    TimeSpan DrainTimeout,
    string GatewayDll,
    double P99LimitMs,
    PeerFlowStyle FlowStyle,
    int BatchPoints,
    int FlushMilliseconds)
{
    public bool RunsGateway => Sides is "gateway" or "both";

    public bool RunsPeer => Sides is "peer" or "both";
}
