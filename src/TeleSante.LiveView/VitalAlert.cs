using MessagePack;

namespace TeleSante.LiveView;

/// <summary>
/// A vitals alert raised by the gateway (LiveView:Alerts) for one reading: which rule, which limit, the reading's own
/// value, unit and time, when it was raised, whether its episode ended (a later reading of the same device back in
/// range) and who acknowledged it. Pushed to the session's viewers (<c>Alert</c>) when raised, ended or acknowledged,
/// and listed by <c>GET /api/sessions/{sessionId}/alerts</c>. Times are ns since the Unix epoch.
/// </summary>
[MessagePackObject]
public sealed record VitalAlert
{
    public const string BelowDirection = "below";
    public const string AtOrAboveDirection = "atOrAbove";

    /// <summary><see cref="Source"/> of a reading a device sent.</summary>
    public const string DeviceSource = "device";

    /// <summary><see cref="Source"/> of the heart rate the gateway's ECG analysis computed from the device's ECG.</summary>
    public const string EcgAnalysisSource = "ecg-analysis";

    [Key("id")]
    public string Id { get; init; } = string.Empty;

    [Key("sessionId")]
    public string SessionId { get; init; } = string.Empty;

    [Key("deviceId")]
    public string DeviceId { get; init; } = string.Empty;

    /// <summary>The rule's MDC reference id, e.g. <c>MDC_PULS_OXIM_SAT_O2</c>.</summary>
    [Key("refId")]
    public string RefId { get; init; } = string.Empty;

    [Key("mdcCode")]
    public uint MdcCode { get; init; }

    [Key("label")]
    public string Label { get; init; } = string.Empty;

    /// <summary><c>low</c>, <c>medium</c> or <c>high</c>.</summary>
    [Key("severity")]
    public string Severity { get; init; } = string.Empty;

    /// <summary><c>below</c> or <c>atOrAbove</c>.</summary>
    [Key("direction")]
    public string Direction { get; init; } = string.Empty;

    /// <summary>The limit crossed, in <see cref="RuleUnit"/>.</summary>
    [Key("limit")]
    public double Limit { get; init; }

    [Key("ruleUnit")]
    public string RuleUnit { get; init; } = string.Empty;

    /// <summary>The reading's value as the device sent it, in <see cref="Unit"/>.</summary>
    [Key("value")]
    public double Value { get; init; }

    /// <summary>The reading's UCUM unit.</summary>
    [Key("unit")]
    public string Unit { get; init; } = string.Empty;

    /// <summary>When the reading was measured (device clock).</summary>
    [Key("measuredAtNs")]
    public long MeasuredAtNs { get; init; }

    /// <summary>Start of what the value was measured over, when it is a span: for <see cref="EcgAnalysisSource"/>, the
    /// first beat of the RR intervals the rate is the median of (the last one is <see cref="MeasuredAtNs"/>); null for a
    /// device's reading.</summary>
    [Key("measuredFromNs")]
    public long? MeasuredFromNs { get; init; }

    /// <summary>Where the value comes from: <see cref="DeviceSource"/> or <see cref="EcgAnalysisSource"/>.</summary>
    [Key("source")]
    public string Source { get; init; } = DeviceSource;

    /// <summary>When the gateway raised the alert (its clock).</summary>
    [Key("raisedAtNs")]
    public long RaisedAtNs { get; init; }

    /// <summary>Measurement time of the first reading of the device back in range; null while the episode lasts.</summary>
    [Key("endedAtNs")]
    public long? EndedAtNs { get; init; }

    /// <summary>Practitioner who acknowledged it; null until then.</summary>
    [Key("acknowledgedBy")]
    public string? AcknowledgedBy { get; init; }

    [Key("acknowledgedAtNs")]
    public long? AcknowledgedAtNs { get; init; }
}
