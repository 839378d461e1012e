using MessagePack;

namespace TeleSante.LiveView;

/// <summary>An alert rule as the gateway applies it (LiveView:Alerts): a value below <see cref="Below"/> or at or
/// above <see cref="AtOrAbove"/> (in <see cref="Unit"/>) raises an alert. Sent to viewers for display only: the
/// gateway raises the alerts (<see cref="VitalAlert"/>).</summary>
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

    /// <summary>UCUM unit of the limits; readings in another accepted unit are converted to it.</summary>
    [Key("unit")]
    public string Unit { get; init; } = string.Empty;

    [Key("below")]
    public double? Below { get; init; }

    [Key("atOrAbove")]
    public double? AtOrAbove { get; init; }

    /// <summary><c>low</c>, <c>medium</c> or <c>high</c>.</summary>
    [Key("severity")]
    public string Severity { get; init; } = "medium";

    /// <summary>The rule also applies to the heart rate the gateway's ECG analysis computes (MDC_ECG_HEART_RATE only).</summary>
    [Key("fromEcgAnalysis")]
    public bool FromEcgAnalysis { get; init; }

    /// <summary>The limit a value in <see cref="Unit"/> crosses, if any: <c>below</c> or <c>atOrAbove</c>.</summary>
    internal string? Crossed(double value) =>
        Below is { } below && value < below ? VitalAlert.BelowDirection
        : AtOrAbove is { } above && value >= above ? VitalAlert.AtOrAboveDirection
        : null;
}
