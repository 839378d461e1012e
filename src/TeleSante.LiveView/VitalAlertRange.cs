namespace TeleSante.LiveView;

/// <summary>A configured alert range for one observation code (LiveView:Alerts:{MDC ref id}).</summary>
public sealed class VitalAlertRange
{
    /// <summary>UCUM unit of the limits; must be one the gateway accepts for the code.</summary>
    public string Unit { get; set; } = string.Empty;

    /// <summary>Alert when the value is below this; none when null.</summary>
    public double? Below { get; set; }

    /// <summary>Alert when the value is at or above this; none when null.</summary>
    public double? AtOrAbove { get; set; }
}
