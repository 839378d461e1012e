using TeleSante.Bench.Infrastructure;

namespace TeleSante.Bench.Peer;

/// <summary>The peer command's results: every side run, why a side stopped climbing, and the largest
/// device count each side carried without loss, refusal or a p99 above the limit.</summary>
public sealed record PeerReport(
    MachineDescription Machine,
    PeerSettings Settings,
    IReadOnlyList<SideResult> Runs,
    IReadOnlyDictionary<string, int?> MaxCleanDevices,
    IReadOnlyList<string> Stops);
