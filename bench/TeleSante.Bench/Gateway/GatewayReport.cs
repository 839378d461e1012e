using TeleSante.Bench.Infrastructure;

namespace TeleSante.Bench.Gateway;

/// <summary>Everything one gateway run measured, as written to bench/results/gateway-*.json.</summary>
/// <param name="EcgAckedPerSecond">ECG batch acks per second over the load window.</param>
/// <param name="EcgExpectedPerSecond">What real time needs: N devices x 2 chunks a second.</param>
/// <param name="SamplesPerSecond">Lead samples acknowledged per second (250 x 12 per batch).</param>
/// <param name="KeptRealTime">Acks kept up with the devices' clocks (at least 98 % of real time, no
/// device more than one chunk behind at the end) and the backlog drained.</param>
/// <param name="GatewayCpuMsPerBatch">Gateway CPU from start to drained, per accepted batch (ECG
/// and vitals): receive, validate, WAL, forward. 1000 / (2 x this) is how many real-time ECG devices
/// one gateway core would carry.</param>
/// <param name="InfluxCpuMsPerBatch">influxd CPU over the same time per accepted batch.</param>
/// <param name="BacklogAtEnd">Records still to forward when the load stopped.</param>
/// <param name="DrainSeconds">From the end of the load to an empty backlog (null: not within the timeout).</param>
/// <param name="Viewers">What the live viewers saw (null: run without <c>--viewers</c>).</param>
public sealed record GatewayReport(
    MachineDescription Machine,
    GatewaySettings Settings,
    double LoadSeconds,
    long EcgSent,
    long EcgAcked,
    long EcgDuplicates,
    long EcgRejected,
    IReadOnlyDictionary<string, long> EcgRejections,
    long EcgReconnects,
    int EcgUnansweredAtEnd,
    double EcgAckedPerSecond,
    double EcgExpectedPerSecond,
    double SamplesPerSecond,
    LatencySummary EcgLatency,
    double MaxSendLagMs,
    long LateSends,
    long VitalsAcked,
    long VitalsRefused,
    long VitalsFailed,
    LatencySummary VitalsLatency,
    bool KeptRealTime,
    ResourceSummary Resources,
    double GatewayCpuMsPerBatch,
    double InfluxCpuMsPerBatch,
    HealthSnapshot HealthAtEnd,
    long BacklogAtEnd,
    long MaxBacklog,
    double? DrainSeconds,
    OutageSummary? Outage,
    StorageCheck? Stored,
    int GatewayWarnings,
    int GatewayErrors,
    IReadOnlyList<string> GatewayProblems,
    IReadOnlyList<string> ClientErrors,
    IReadOnlyList<TimelinePoint> Timeline,
    ViewerSummary? Viewers);
