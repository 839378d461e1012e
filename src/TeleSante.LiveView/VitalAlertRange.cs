namespace TeleSante.LiveView;

/// <summary>A configured alert rule for one observation code (LiveView:Alerts:{MDC ref id}): the gateway raises an
/// alert when a reading, converted to <see cref="Unit"/>, is below <see cref="Below"/> or at or above <see cref="AtOrAbove"/>.</summary>
public sealed class VitalAlertRange
{
    /// <summary>UCUM unit of the limits; must be one the gateway accepts for the code. Readings in the code's other
    /// accepted units are converted to it (kPa, [degF], mg/dL and g/L have exact conversions).</summary>
    public string Unit { get; set; } = string.Empty;

    /// <summary>Alert when the value is below this; none when null.</summary>
    public double? Below { get; set; }

    /// <summary>Alert when the value is at or above this; none when null.</summary>
    public double? AtOrAbove { get; set; }

    /// <summary>Priority shown with the alert. Default medium.</summary>
    public VitalAlertSeverity Severity { get; set; } = VitalAlertSeverity.Medium;

    /// <summary>Only for MDC_ECG_HEART_RATE: the rule also applies to the heart rate the gateway's ECG analysis computes
    /// (60 / median of the last RR intervals, <c>Analysis:RateIntervals</c>), not only to the rate a device reports.
    /// Its alerts are episodes of their own (source <c>ecg-analysis</c>) and carry the span of the beats measured.</summary>
    public bool FromEcgAnalysis { get; set; }

    /// <summary>What the practitioner reads; empty: the code's display name ("SpO2").</summary>
    public string Label { get; set; } = string.Empty;
}
