namespace TeleSante.SegmentLog.Internal;

/// <summary>The log as found (and repaired) at start-up.</summary>
internal sealed record RecoveredState(
    IReadOnlyList<SegmentInfo> Segments,
    long LastSequence,
    long NextSequence,
    long ConfirmedSequence);
