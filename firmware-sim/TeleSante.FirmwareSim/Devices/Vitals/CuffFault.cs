namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>A problem injected into one cuff measurement, to exercise the device's error handling.</summary>
public enum CuffFault
{
    None,

    /// <summary>The cuff is wrapped too loosely (or the tube is off): pressure does not build up.</summary>
    LooseCuff,

    /// <summary>The patient moves or talks during deflation: spurious oscillations corrupt the envelope.</summary>
    Motion,
}
