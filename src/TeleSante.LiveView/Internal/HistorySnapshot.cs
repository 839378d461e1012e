namespace TeleSante.LiveView.Internal;

/// <summary>What memory holds for a joiner: recent frames (oldest first), recent analysis results, the latest vitals measured
/// before them, the latest device event of each device and code not in them, and how much waveform time
/// the frames cover (to decide whether storage must fill in). Every frame published after it goes to the
/// joiner's ring, whose drops are counted there, so no frame number needs to be carried.</summary>
internal sealed record HistorySnapshot(
    IReadOnlyList<LiveFrame> Frames,
    IReadOnlyList<LiveAnalysis> Analyses,
    IReadOnlyList<LiveVital> OlderVitals,
    IReadOnlyList<LiveEvent> OlderEvents,
    long? LatestWaveformEndNs,
    long? EarliestWaveformStartNs,
    bool HasVitals);
