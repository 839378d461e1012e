using MessagePack;

namespace TeleSante.LiveView;

/// <summary>A numeric observation (blood pressure, SpO2, pulse, temperature, glucose, heart rate).</summary>
[MessagePackObject]
public sealed record LiveVital
{
    [Key("deviceId")]
    public string DeviceId { get; init; } = string.Empty;

    /// <summary>MDC code, e.g. 150456 for SpO2.</summary>
    [Key("mdcCode")]
    public uint MdcCode { get; init; }

    /// <summary>MDC reference id, e.g. <c>MDC_PULS_OXIM_SAT_O2</c>; empty if the code is unknown.</summary>
    [Key("refId")]
    public string RefId { get; init; } = string.Empty;

    /// <summary>Short label for practitioners ("SpO2", "Systolic BP").</summary>
    [Key("label")]
    public string Label { get; init; } = string.Empty;

    /// <summary>LOINC code when the device sent one.</summary>
    [Key("loinc")]
    public string Loinc { get; init; } = string.Empty;

    [Key("value")]
    public double Value { get; init; }

    /// <summary>UCUM unit ("%", "mm[Hg]", "/min", "Cel", "mmol/L").</summary>
    [Key("unit")]
    public string Unit { get; init; } = string.Empty;

    /// <summary>Time of measurement, ns since epoch (device clock).</summary>
    [Key("timeNs")]
    public long TimeNs { get; init; }
}
