using TeleSante.Bench.Gateway;

namespace TeleSante.Bench.Peer;

/// <summary>One side's run at one device count.</summary>
/// <param name="ConnectSeconds">From the start of the load until every device's CONNECT was answered (or failed).</param>
/// <param name="SteadyFrom">Start of the steady window (seconds into the load): every device connected and one
/// interval later, so each has published once; the window ends with the load.</param>
/// <param name="AckedPerSecond">PUBACKs received per second in the steady window.</param>
/// <param name="CpuMsPerMessage">The side's processes' user+sys CPU (/proc) in the steady window per message
/// acknowledged in it: the figure least sensitive to the shared machine.</param>
/// <param name="ProcessCpuMsPerMessage">The same per process (gateway; mosquitto and node-red).</param>
/// <param name="InfluxCpuMsPerMessage">influxd's CPU in the same window per message (the same influxd for both sides).</param>
/// <param name="Steady">Publish → PUBACK over the steady window.</param>
/// <param name="All">Publish → PUBACK over the whole load, connect phase included.</param>
/// <param name="MaxRssMiB">Sum of the side's processes' highest resident memory.</param>
/// <param name="ObservationsStored">What InfluxDB holds for the side's database after the drain.</param>
/// <param name="AckedButLostObservations">Per device, observations acknowledged but not stored, summed.</param>
/// <param name="AckedButLostMessages">Per device, observations acknowledged but not stored, in whole documents
/// (6 observations each), summed: data the device was told was safe and that is gone.</param>
/// <param name="BrokerDropped">The peer's mosquitto: messages dropped at its queue and in-flight limits (its $SYS counter).</param>
/// <param name="HealthProbesMs">The gateway's GET /health round trips, one a second through the load (a probe that
/// did not answer within 2 s counts as 2,000 ms); empty for the peer, which has no such endpoint.</param>
/// <param name="StoredSchema">Tag keys, field keys and types, and one point as stored: both sides' content side by side.</param>
public sealed record SideResult(
    string Side,
    int Devices,
    double Interval,
    double LoadSeconds,
    double ConnectSeconds,
    double SteadyFrom,
    double SteadyTo,
    long Acked,
    long Refused,
    long Failed,
    double AckedPerSecond,
    double ExpectedPerSecond,
    double CpuMsPerMessage,
    IReadOnlyDictionary<string, double> ProcessCpuMsPerMessage,
    double InfluxCpuMsPerMessage,
    double SideCpuCores,
    double OtherBusyCores,
    double? CpuPressurePercent,
    double LoadAverageAtStart,
    LatencySummary Steady,
    LatencySummary All,
    double MaxRssMiB,
    IReadOnlyDictionary<string, double> ProcessMaxRssMiB,
    long ObservationsExpected,
    long ObservationsStored,
    long AckedButLostObservations,
    long AckedButLostMessages,
    int DevicesShort,
    IReadOnlyList<string> ShortExamples,
    double? DrainSeconds,
    double? OutageStoppedAt,
    double? OutageRestartedAt,
    string StoredSchema,
    long? BrokerDropped,
    int Warnings,
    int Errors,
    IReadOnlyList<string> Problems,
    IReadOnlyList<string> ClientErrors,
    IReadOnlyList<double> HealthProbesMs)
{
    /// <summary>Slowest /health answer in the load; null without probes.</summary>
    public double? HealthMaxMs => HealthProbesMs.Count == 0 ? null : HealthProbesMs.Max();

    /// <summary>/health probes slower than the 100 ms.</summary>
    public int HealthOver100Ms => HealthProbesMs.Count(ms => ms > 100);

    /// <summary>Acknowledged-but-lost as a share of what was acknowledged.</summary>
    public double LostPercent => ObservationsExpected == 0 ? 0 : 100.0 * AckedButLostObservations / ObservationsExpected;
}
