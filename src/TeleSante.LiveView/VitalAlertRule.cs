using MessagePack;

namespace TeleSante.LiveView;

/// <summary>An alert range sent to viewers: a value below <see cref="Below"/> or at or above
/// <see cref="AtOrAbove"/> (in <see cref="Unit"/>) raises a banner.</summary>
[MessagePackObject]
public sealed record VitalAlertRule
{
    /// <summary>MDC reference id, e.g. <c>MDC_PULS_OXIM_SAT_O2</c>.</summary>
    [Key("refId")]
    public string RefId { get; init; } = string.Empty;

    [Key("mdcCode")]
    public uint MdcCode { get; init; }

    [Key("label")]
    public string Label { get; init; } = string.Empty;

    /// <summary>UCUM unit of the limits; viewers convert values sent in another accepted unit.</summary>
    [Key("unit")]
    public string Unit { get; init; } = string.Empty;

    [Key("below")]
    public double? Below { get; init; }

    [Key("atOrAbove")]
    public double? AtOrAbove { get; init; }
}
