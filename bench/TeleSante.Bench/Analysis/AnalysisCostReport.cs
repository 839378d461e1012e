using TeleSante.Bench.Infrastructure;

namespace TeleSante.Bench.Analysis;

public sealed record AnalysisCostReport(MachineDescription Machine, IReadOnlyList<AnalysisCostCase> Cases);
