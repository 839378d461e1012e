using TeleSante.Bench.Infrastructure;

namespace TeleSante.Bench.Micro;

/// <summary>The micro command's results, as written to bench/results/micro.json.</summary>
public sealed record MicroReport(MachineDescription Machine, string Job, IReadOnlyList<MicroResult> Results);
