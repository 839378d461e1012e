using MessagePack;

namespace TeleSante.LiveView;

/// <summary>The gateway's heart rate with the span of beats it was measured over (a value always has its time).</summary>
[MessagePackObject]
public sealed record LiveRate
{
    [Key("bpm")]
    public double Bpm { get; init; }

    /// <summary>First beat of the intervals, ns.</summary>
    [Key("fromNs")]
    public long FromNs { get; init; }

    /// <summary>Last beat of the intervals (the rate's time), ns.</summary>
    [Key("toNs")]
    public long ToNs { get; init; }

    [Key("intervals")]
    public int Intervals { get; init; }
}
