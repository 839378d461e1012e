namespace TeleSante.Bench.Gateway;

/// <summary>What happened while influxd was stopped.</summary>
/// <param name="StoppedAt">Seconds into the load when influxd was stopped.</param>
/// <param name="RestartedAt">Seconds into the load when influxd answered /ping again.</param>
/// <param name="AckedPerSecondBefore">ECG acks per second before the outage.</param>
/// <param name="AckedPerSecondDuring">ECG acks per second while influxd was down: the gateway must
/// keep acknowledging from its write-ahead log.</param>
/// <param name="BacklogPeak">Most records waiting for InfluxDB.</param>
/// <param name="CatchUpSeconds">From influxd's restart to the backlog being back to its pre-outage
/// level (or the end of the load, whichever comes first is reported as null).</param>
public sealed record OutageSummary(double StoppedAt, double RestartedAt, double AckedPerSecondBefore, double AckedPerSecondDuring, long BacklogPeak, double? CatchUpSeconds);
