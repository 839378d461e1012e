using TeleSante.Bench.Infrastructure;

namespace TeleSante.Bench.LiveView;

/// <summary>Ingestion rates (acknowledged batches per second) with nobody watching and into the session of
/// a viewer that stopped reading, run by run, and batches refused.</summary>
public sealed record SlowViewerReport(
    MachineDescription Machine,
    SlowViewerSettings Settings,
    IReadOnlyList<double> AloneBatchesPerSecond,
    IReadOnlyList<double> WatchedBatchesPerSecond,
    double AloneMedian,
    double WatchedMedian,
    double Ratio,
    long Rejected);
