namespace TeleSante.Bench.Gateway;

/// <summary>What the bench's live viewers saw (see <see cref="ViewerFleet"/>). Frames and latencies cover the
/// steady window only: from <see cref="GatewaySettings.ViewerWarmupSeconds"/> after the last join to the end of
/// the load, counted by the device batches produced in it (received later, while draining, still counts).</summary>
/// <param name="Viewers">Viewers asked for.</param>
/// <param name="Joined">Viewers whose Join the gateway answered with success.</param>
/// <param name="JoinSeconds">From the first join request to the last answer.</param>
/// <param name="SteadySeconds">Length of the steady window; 0 when the load ended before it began.</param>
/// <param name="FramesExpected">Chunks the watched devices handed to their senders in the window.</param>
/// <param name="FramesReceived">Of those, live frames the viewers received (each batch once).</param>
/// <param name="HistoryFrames">Late-join history frames received on joining (not live, not in the latency).</param>
/// <param name="GapsAnnounced">Live frames that announced dropped frames before them.</param>
/// <param name="FramesDroppedAnnounced">Frames the gateway said it dropped for the viewers.</param>
/// <param name="UnannouncedHoles">Frame seq holes no gap announced: must be 0.</param>
/// <param name="Disconnects">Viewers whose connection ended before the bench stopped them.</param>
/// <param name="Latency">Device→viewer: receipt wall time minus the time just after the frame's last sample.</param>
public sealed record ViewerSummary(
    int Viewers,
    int Joined,
    double JoinSeconds,
    double SteadySeconds,
    long FramesExpected,
    long FramesReceived,
    long HistoryFrames,
    long GapsAnnounced,
    long FramesDroppedAnnounced,
    long UnannouncedHoles,
    int Disconnects,
    LatencySummary Latency,
    IReadOnlyList<string> Errors);
