using System.Text.Json.Serialization;
using MessagePack;

namespace TeleSante.LiveView;

/// <summary>A beat found by the gateway's analysis, drawn as a mark under the trace at its time.</summary>
[MessagePackObject]
public sealed record LiveBeat
{
    /// <summary>The beat's peak (R or QS), ns since epoch, on the device's clock like the samples.</summary>
    [Key("timeNs")]
    public long TimeNs { get; init; }

    /// <summary>AAMI EC57 class: N, S, V, F, Q, or Unknown (no classifier ran). <c>cls</c> in JSON too, as the viewer reads it.</summary>
    [Key("cls")]
    [JsonPropertyName("cls")]
    public string Class { get; init; } = "Unknown";

    /// <summary>RR interval ending at this beat, ms; null for the first beat after a start or a gap.</summary>
    [Key("rrMs")]
    public double? RrMs { get; init; }

    /// <summary>QRS duration measured on this beat (one lead), ms; null when not measured.</summary>
    [Key("qrsMs")]
    public double? QrsMs { get; init; }
}
