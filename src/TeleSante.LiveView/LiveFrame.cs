using MessagePack;

namespace TeleSante.LiveView;

/// <summary>
/// What a viewer receives: the readings of one accepted batch (live), or a slice of a stored recording
/// (history for a late joiner, or review mode). Waveform samples are the device's integers, exactly as
/// accepted and stored: physical value = (sample - baseline) / gain, in the channel's unit.
/// </summary>
/// <remarks>
/// The same member names are used by the JSON and the MessagePack protocols (camelCase keys), so a
/// browser reads <c>frame.seq</c> whichever protocol it negotiated. Times are ns since the Unix epoch,
/// from the device's clock (never re-timed by the gateway).
/// </remarks>
[MessagePackObject]
public sealed record LiveFrame
{
    /// <summary><see cref="Source"/> of a frame the gateway has just accepted.</summary>
    public const string LiveSource = "live";

    /// <summary><see cref="Source"/> of a frame sent to a late joiner to fill the screen at once.</summary>
    public const string HistorySource = "history";

    /// <summary><see cref="Source"/> of a frame of a stored recording replayed in review mode.</summary>
    public const string ReplaySource = "replay";

    /// <summary>Consultation session the readings belong to.</summary>
    [Key("sessionId")]
    public string SessionId { get; init; } = string.Empty;

    /// <summary>Live and in-memory history frames: the session's frame number, assigned by the gateway in
    /// acceptance order and increasing by one per frame, so a viewer can check it missed none (the only
    /// holes are the ones announced by <see cref="Gap"/>). History frames read from storage: 0.
    /// Replay: 1, 2, ... within the replay stream.</summary>
    [Key("seq")]
    public long Seq { get; init; }

    /// <summary><c>live</c>, <c>history</c> or <c>replay</c>.</summary>
    [Key("source")]
    public string Source { get; init; } = LiveSource;

    /// <summary>Device that sent the waveforms (vitals carry their own device).</summary>
    [Key("deviceId")]
    public string DeviceId { get; init; } = string.Empty;

    /// <summary>The device's batch sequence number (0 for frames rebuilt from storage).</summary>
    [Key("batchSeq")]
    public ulong BatchSeq { get; init; }

    /// <summary>The device's clock when it sent the batch (0 for frames rebuilt from storage): with the
    /// viewer's receipt time it gives the end-to-end latency.</summary>
    [Key("deviceTimeNs")]
    public long DeviceTimeNs { get; init; }

    /// <summary>The gateway's clock when the batch became durable (0 for frames rebuilt from storage).</summary>
    [Key("acceptedTimeNs")]
    public long AcceptedTimeNs { get; init; }

    /// <summary>Waveform chunks (ECG leads, plethysmogram); may be empty.</summary>
    [Key("waveforms")]
    public LiveChunk[] Waveforms { get; init; } = [];

    /// <summary>Numeric observations (vitals); may be empty. After a <see cref="Gap"/> this also holds
    /// the vitals of the dropped frames, so a measurement is never lost to a slow connection.</summary>
    [Key("vitals")]
    public LiveVital[] Vitals { get; init; } = [];

    /// <summary>Device events (failed measurements, alarms); may be empty. After a <see cref="Gap"/> this
    /// also holds the events of the dropped frames, like <see cref="Vitals"/>.</summary>
    [Key("events")]
    public LiveEvent[] Events { get; init; } = [];

    /// <summary>Set when frames were dropped for this viewer just before this one (its connection could not
    /// keep up): the viewer marks the gap instead of joining the trace across it.</summary>
    [Key("gap")]
    public FrameGap? Gap { get; init; }
}
