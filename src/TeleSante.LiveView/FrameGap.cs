using MessagePack;

namespace TeleSante.LiveView;

/// <summary>
/// Frames the gateway dropped for one viewer because its connection could not keep up (the live view
/// keeps a bounded buffer per connection and drops the oldest frames rather than slow ingestion).
/// Sent on the first frame delivered after the drop; the viewer draws a gap marker over
/// [FromNs, ToNs) rather than a trace stretched across it.
/// </summary>
[MessagePackObject]
public sealed record FrameGap
{
    /// <summary>Frames dropped between the previous delivered frame and this one.</summary>
    [Key("droppedFrames")]
    public int DroppedFrames { get; init; }

    /// <summary>Start of the earliest dropped waveform chunk, ns (0 when only vitals were dropped; those
    /// are delivered with the frame that carries this gap).</summary>
    [Key("fromNs")]
    public long FromNs { get; init; }

    /// <summary>End of the latest dropped waveform chunk, ns (0 when only vitals were dropped).</summary>
    [Key("toNs")]
    public long ToNs { get; init; }

    /// <summary>Frames dropped for this connection since it joined.</summary>
    [Key("totalDropped")]
    public long TotalDropped { get; init; }
}
