namespace TeleSante.LiveView.Internal;

/// <summary>What memory holds for a joiner: recent frames (oldest first), the latest vitals measured
/// before them, the latest device event of each device and code not in them, how much waveform time the frames cover (to decide whether storage must fill in), and
/// the session's last frame number at that moment (the next live frame follows it).</summary>
internal sealed record HistorySnapshot(
    IReadOnlyList<LiveFrame> Frames,
    IReadOnlyList<LiveVital> OlderVitals,
    IReadOnlyList<LiveEvent> OlderEvents,
    long? LatestWaveformEndNs,
    long? EarliestWaveformStartNs,
    bool HasVitals,
    long LastSeq);
