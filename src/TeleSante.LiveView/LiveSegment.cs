using MessagePack;

namespace TeleSante.LiveView;

/// <summary>A span with a finding (rhythm window) or without analysis (reason), ns since epoch.</summary>
[MessagePackObject]
public sealed record LiveSegment
{
    [Key("fromNs")]
    public long FromNs { get; init; }

    [Key("toNs")]
    public long ToNs { get; init; }

    /// <summary>Rhythm: <c>af-suspected</c> / <c>af-not-suspected</c>. Not analysed: <c>flat</c>, <c>missing</c>, <c>gap</c>,
    /// <c>overload</c>, <c>error</c>, <c>out-of-order</c>.</summary>
    [Key("code")]
    public string Code { get; init; } = string.Empty;

    /// <summary>Not analysed: the lead's MDC code when only that lead dropped out, 0 for the whole stream.</summary>
    [Key("lead")]
    public uint Lead { get; init; }

    /// <summary>Not analysed: still going on (its end is the newest sample analysed).</summary>
    [Key("open")]
    public bool Open { get; init; }

    /// <summary>Rhythm: the model's probability, 0..1.</summary>
    [Key("probability")]
    public double? Probability { get; init; }
}
