namespace TeleSante.Bench.Infrastructure;

/// <summary>CPU and memory over a window: the measured processes, the whole machine, and what the
/// measured processes do not explain (other work on a shared machine, kernel I/O threads).</summary>
/// <param name="CpuPressurePercent">Share of the window during which some runnable task waited for a
/// CPU (<see cref="CpuPressure"/>); null where the kernel does not report it.</param>
public sealed record ResourceSummary(double WallSeconds, IReadOnlyList<ProcessCpuSummary> Processes, double MachineBusyCores, double OtherBusyCores, double? CpuPressurePercent);
