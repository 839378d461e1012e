namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>Stages of an oscillometric measurement cycle.</summary>
public enum CuffPhase
{
    /// <summary>The pump inflates the cuff above systolic pressure (or tries to).</summary>
    Inflating,

    /// <summary>The valve bleeds the cuff down slowly while the device records the oscillations.</summary>
    Deflating,

    /// <summary>The valve dumps the remaining pressure.</summary>
    Exhausting,
}
