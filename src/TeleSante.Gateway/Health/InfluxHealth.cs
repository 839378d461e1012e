namespace TeleSante.Gateway.Health;

internal sealed record InfluxHealth(bool Reachable, string? LastError, DateTimeOffset? LastSuccess, int ConsecutiveFailures, long ForwardedRecords, long BacklogRecords);
