using TeleSante.Bench.Infrastructure;

namespace TeleSante.Bench.Storage;

/// <summary>Everything the storage command measured, as written to bench/results/storage.json.</summary>
public sealed record StorageReport(MachineDescription Machine, int SignalSeconds, int Writers, int BatchLines, bool Gzip, IReadOnlyList<StorageRunResult> Runs);
