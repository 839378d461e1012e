namespace TeleSante.Bench.Gateway;

/// <summary>Percentiles in milliseconds (nearest-rank).</summary>
public sealed record LatencySummary(int Count, double P50Ms, double P95Ms, double P99Ms, double P999Ms, double MaxMs);
