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

    /// <summary>What the practitioner reads; empty: the code's display name ("SpO2").</summary>
    public string Label { get; set; } = string.Empty;
}
