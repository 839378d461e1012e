using MessagePack;

namespace TeleSante.LiveView;

/// <summary>A device event (failed measurement, technical alarm, advisory), shown to the viewer as a banner.</summary>
[MessagePackObject]
public sealed record LiveEvent
{
    [Key("deviceId")]
    public string DeviceId { get; init; } = string.Empty;

    /// <summary>Event code, e.g. <c>cuff-loose</c>, <c>probe-off</c> (README "Device events").</summary>
    [Key("code")]
    public string Code { get; init; } = string.Empty;

    /// <summary>What the practitioner reads, e.g. "Cuff loose or not on the arm".</summary>
    [Key("label")]
    public string Label { get; init; } = string.Empty;

    /// <summary>MeasurementFailed, TechnicalAlarm, Advisory or DeviceStatus.</summary>
    [Key("kind")]
    public string Kind { get; init; } = string.Empty;

    /// <summary>The measurement or signal concerned (0: the device).</summary>
    [Key("mdcCode")]
    public uint MdcCode { get; init; }

    /// <summary>The device's own message (its E-code), possibly empty.</summary>
    [Key("text")]
    public string Text { get; init; } = string.Empty;

    /// <summary>When it happened, ns since epoch (device clock).</summary>
    [Key("timeNs")]
    public long TimeNs { get; init; }
}
