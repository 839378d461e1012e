using TeleSante.Bench.Infrastructure;

namespace TeleSante.Bench.Storage;

/// <summary>One encoding at one stream count: write 60 s per stream as fast as possible, let influxd
/// settle its files, read one stream back.</summary>
/// <param name="Points">Lines written.</param>
/// <param name="LeadSamples">Sample values written: streams x seconds x 500 Hz x 12 leads.</param>
/// <param name="WallSeconds">From the first line built to the last write answered (building line
/// protocol and gzip included: the gateway pays them too).</param>
/// <param name="RealTimeStreams">Real-time 12-lead streams this rate would sustain:
/// streams x signal seconds / wall seconds.</param>
/// <param name="WriteRetries">Writes that had to be repeated (influxd 5xx or timeout).</param>
/// <param name="BytesAfterWrite">Shard + WAL bytes of the database right after the last write (series file excluded).</param>
/// <param name="BytesSettled">Shard + WAL bytes once influxd has snapshot its cache and fully
/// compacted the shard (see <see cref="BenchInfluxServer"/>).</param>
/// <param name="Settled">False when the files were still changing at the settle timeout.</param>
/// <param name="SeriesFileBytes">The database's series file (apparent size, mostly preallocated):
/// grows with series count, not time.</param>
/// <param name="BytesPerHour">Settled bytes per hour of one 12-lead 500 Hz recording.</param>
/// <param name="ReadMs">Median time to read 60 s of one stream back, all 12 leads, decoded.</param>
/// <param name="ReadVerified">True when the read-back samples equal the written ones exactly.</param>
/// <param name="InfluxCpuSeconds">influxd CPU from the first write until its files settled: ingest,
/// cache snapshots and compactions.</param>
/// <param name="StreamsPerInfluxCore">Real-time 12-lead streams one core of influxd sustains:
/// stream-seconds written / <paramref name="InfluxCpuSeconds"/>. Robust to other load on the machine.</param>
/// <param name="StreamsPerWriterCore">The same for the writer's side (building line protocol, gzip,
/// HTTP): what the gateway would spend per stream on the encoding.</param>
public sealed record StorageRunResult(
    string Encoding,
    int Streams,
    long Points,
    long LeadSamples,
    double WallSeconds,
    double PointsPerSecond,
    double LeadSamplesPerSecond,
    double RealTimeStreams,
    int WriteRetries,
    long BytesAfterWrite,
    long BytesSettled,
    bool Settled,
    double SettleSeconds,
    long SeriesFileBytes,
    double BytesPerHour,
    double BytesPerLeadSample,
    double ReadMs,
    bool ReadVerified,
    double InfluxCpuSeconds,
    double StreamsPerInfluxCore,
    double StreamsPerWriterCore,
    ResourceSummary Resources);
