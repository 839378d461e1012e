using MessagePack;

namespace TeleSante.LiveView;

/// <summary>Answer to <c>Join</c>: the subscription is active, and its history frames are on their way.</summary>
[MessagePackObject]
public sealed record JoinResult
{
    [Key("sessionId")]
    public string SessionId { get; init; } = string.Empty;

    /// <summary>How much recent signal a joiner gets at once (LiveView:LateJoinSeconds).</summary>
    [Key("lateJoinSeconds")]
    public double LateJoinSeconds { get; init; }

    /// <summary>History frames sent before the live ones (from memory and, if memory held less, storage).</summary>
    [Key("historyFrames")]
    public int HistoryFrames { get; init; }

    /// <summary>Of those, the frames read from storage because memory held less than LateJoinSeconds.</summary>
    [Key("historyFramesFromStorage")]
    public int HistoryFramesFromStorage { get; init; }

    /// <summary>Frames the gateway buffers for this connection before it drops the oldest.</summary>
    [Key("bufferFrames")]
    public int BufferFrames { get; init; }

    /// <summary>The gateway's clock at the join, ns since epoch.</summary>
    [Key("serverTimeNs")]
    public long ServerTimeNs { get; init; }

    /// <summary>Vital-sign ranges outside which the viewer raises an alert banner (LiveView:Alerts).</summary>
    [Key("alerts")]
    public VitalAlertRule[] Alerts { get; init; } = [];
}
