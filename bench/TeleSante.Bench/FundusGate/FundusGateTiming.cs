namespace TeleSante.Bench.FundusGate;

/// <summary>One format's wall-clock decision times, and the CPU the bench process spent per decision (on a shared
/// machine, wall time includes waiting for a core; CPU time does not).</summary>
public sealed record FundusGateTiming(string Format, int Decisions, double P50Ms, double P95Ms, double P99Ms, double MaxMs, double CpuMsPerDecision, int Ungradable);
