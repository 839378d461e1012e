using MessagePack;

namespace TeleSante.LiveView;

/// <summary>One number a <see cref="LiveRhythmStatement"/> rests on, with its UCUM unit (e.g. <c>mean_qrs_ms</c>, 146, <c>ms</c>).</summary>
[MessagePackObject]
public sealed record LiveEvidence
{
    [Key("name")]
    public string Name { get; init; } = string.Empty;

    [Key("value")]
    public double Value { get; init; }

    [Key("unit")]
    public string Unit { get; init; } = string.Empty;
}
