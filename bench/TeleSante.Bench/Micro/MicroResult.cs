namespace TeleSante.Bench.Micro;

/// <summary>One BenchmarkDotNet case: mean time per operation, its 99.9 % confidence half-width,
/// and bytes allocated per operation (MemoryDiagnoser).</summary>
public sealed record MicroResult(string Benchmark, string Case, double MeanNs, double ErrorNs, long? AllocatedBytes);
