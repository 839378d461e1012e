namespace TeleSante.Bench.Infrastructure;

/// <summary>One process over a measured window.</summary>
/// <param name="Name">gateway, influxd, bench (the load generator itself).</param>
/// <param name="CpuCores">Average cores used: CPU seconds / wall seconds (2.0 = both cores of this machine).</param>
/// <param name="MaxRssMiB">Highest resident memory seen by the 1 s samples.</param>
public sealed record ProcessCpuSummary(string Name, double CpuCores, double MaxRssMiB);
