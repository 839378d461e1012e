namespace TeleSante.LiveView;

/// <summary>Priority of a vitals alert, after IEC 60601-1-8's alarm priorities (high, medium, low).</summary>
public enum VitalAlertSeverity
{
    Low,
    Medium,
    High,
}
