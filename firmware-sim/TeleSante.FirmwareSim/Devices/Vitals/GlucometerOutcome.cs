namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>How a glucose measurement ended; every outcome but Success shows an error code (or LO/HI) and sends it as a device event instead of a value.</summary>
public enum GlucometerOutcome
{
    Success,

    /// <summary>"LO": below the meter's range (0.6 mmol/L, 10 mg/dL).</summary>
    BelowRange,

    /// <summary>"HI": above the meter's range (33.3 mmol/L, 600 mg/dL).</summary>
    AboveRange,

    /// <summary>Sample too small ("E-" code), detected a second or two after application.</summary>
    InsufficientSample,

    /// <summary>Used or damaged strip, detected at insertion.</summary>
    StripError,
}
