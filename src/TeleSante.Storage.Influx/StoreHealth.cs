namespace TeleSante.Storage.Influx;

/// <summary>The result of <see cref="ITimeSeriesStore.PingAsync"/>.</summary>
/// <param name="IsUp">The server answered its ping endpoint with 204.</param>
/// <param name="Version">Server version from the <c>X-Influxdb-Version</c> header (e.g. <c>1.6.7~rc0</c>), if sent.</param>
/// <param name="Latency">Time until the response headers arrived (or until the failure).</param>
/// <param name="Error">Why it is not up; null when up.</param>
public sealed record StoreHealth(bool IsUp, string? Version, TimeSpan Latency, string? Error);
