using TeleSante.Bench.Infrastructure;

namespace TeleSante.Bench.FundusGate;

/// <summary>Decision times of the fundus quality gate (probe, decode, measure, predict) per file format.</summary>
public sealed record FundusGateReport(MachineDescription Machine, int Width, int Height, int DistinctPhotographs, int DecisionsPerFormat, IReadOnlyList<FundusGateTiming> Timings, double LoadAverageAtEnd);
