namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>How a thermometer reading ended; outside its display range a thermometer shows "Lo"/"Hi", not a
/// number, and sends that as an "out-of-range" device event.</summary>
public enum ThermometerOutcome
{
    Success,

    /// <summary>"Lo": below the display range.</summary>
    BelowRange,

    /// <summary>"Hi": above the display range.</summary>
    AboveRange,
}
