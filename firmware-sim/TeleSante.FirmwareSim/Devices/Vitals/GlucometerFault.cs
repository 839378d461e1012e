namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>A user error injected into one glucose measurement.</summary>
public enum GlucometerFault
{
    None,

    /// <summary>Too small a drop: the strip's fill electrode is not reached.</summary>
    InsufficientSample,

    /// <summary>A strip already used (or wet) is inserted: the meter refuses it at once.</summary>
    UsedStrip,
}
