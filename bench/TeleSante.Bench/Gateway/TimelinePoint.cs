namespace TeleSante.Bench.Gateway;

/// <summary>One second of a gateway run.</summary>
/// <param name="Second">Seconds since the devices started.</param>
/// <param name="EcgAcks">ECG batches acknowledged during this second.</param>
/// <param name="Pending">Batches sent and not yet answered, all devices.</param>
/// <param name="Backlog">Write-ahead-log records not yet in InfluxDB (gateway /health).</param>
/// <param name="GatewayCpu">Cores the gateway used during this second.</param>
/// <param name="InfluxCpu">Cores influxd used during this second.</param>
public sealed record TimelinePoint(int Second, long EcgAcks, long VitalsAcks, int Pending, long Backlog, double WalMiB, bool InfluxReachable, double GatewayCpu, double InfluxCpu, double GatewayRssMiB, int GatewayThreads);
