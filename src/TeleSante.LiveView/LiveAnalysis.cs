using MessagePack;

namespace TeleSante.LiveView;

/// <summary>
/// What the gateway's ECG analysis found in a stretch of one device's signal (issue 12): beats, the rate, rhythm windows,
/// proposed rhythm statements and spans not analysed. Travels through the session feed beside the frames (same authorization and Redis relay; a
/// buffer and a late-join ring of its own, so it never takes a frame's place) and reaches the viewer as the hub's
/// <c>Analysis</c> message.
/// </summary>
[MessagePackObject]
public sealed record LiveAnalysis
{
    [Key("sessionId")]
    public string SessionId { get; init; } = string.Empty;

    [Key("deviceId")]
    public string DeviceId { get; init; } = string.Empty;

    /// <summary>The number of the session's last frame published before this message (analysis messages do not take a
    /// number of their own, so the frames' numbering stays gapless).</summary>
    [Key("seq")]
    public long Seq { get; init; }

    /// <summary>Start of the signal analysed for this message, ns.</summary>
    [Key("fromNs")]
    public long FromNs { get; init; }

    /// <summary>End (exclusive) of the signal analysed, ns.</summary>
    [Key("toNs")]
    public long ToNs { get; init; }

    [Key("beats")]
    public LiveBeat[] Beats { get; init; } = [];

    /// <summary>Null when this stretch brought no new rate (no beat, or too few since a gap).</summary>
    [Key("rate")]
    public LiveRate? Rate { get; init; }

    [Key("rhythms")]
    public LiveSegment[] Rhythms { get; init; } = [];

    [Key("notAnalysed")]
    public LiveSegment[] NotAnalysed { get; init; } = [];

    /// <summary>Rhythm statements proposed now (when a block of the stream's beats closes, at a gap or at the end of the
    /// stream), each with its own span: usually earlier than <see cref="FromNs"/>.</summary>
    [Key("statements")]
    public LiveRhythmStatement[] Statements { get; init; } = [];
}
