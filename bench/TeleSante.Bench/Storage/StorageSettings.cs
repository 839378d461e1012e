namespace TeleSante.Bench.Storage;

/// <summary>Options of the storage command (see bench/README.md).</summary>
/// <param name="Streams">Stream counts K to run, each with both encodings.</param>
/// <param name="MaxPerSampleStreams">Above this K only the chunked encoding runs (per-sample at
/// 1000 streams is 30 M points: minutes of a saturated machine for a known answer).</param>
/// <param name="SignalSeconds">Seconds of signal per stream (the brief: 60).</param>
/// <param name="Writers">Concurrent HTTP writers (ENVIRONMENT.md's ceiling was measured with 2).</param>
/// <param name="BatchLines">Lines per write (5000, InfluxData's recommendation and the gateway's default).</param>
public sealed record StorageSettings(
    IReadOnlyList<int> Streams,
    int MaxPerSampleStreams,
    int SignalSeconds,
    int Writers,
    int BatchLines,
    bool Gzip,
    TimeSpan SettleTimeout,
    int ReadRepeats);
