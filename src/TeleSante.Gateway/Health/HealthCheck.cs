namespace TeleSante.Gateway.Health;

/// <summary>What the last background check saw (<see cref="HealthMonitor"/>).</summary>
/// <param name="At">When the check finished.</param>
/// <param name="Duration">How long it took.</param>
/// <param name="InfluxReachable">InfluxDB answered GET /ping with 204 within Health:InfluxPingTimeout.</param>
/// <param name="InfluxError">Why not; null when reachable.</param>
/// <param name="DeadLetters">Dead letters kept; null when the count failed.</param>
internal sealed record HealthCheck(DateTimeOffset At, TimeSpan Duration, bool InfluxReachable, string? InfluxError, long? DeadLetters);
