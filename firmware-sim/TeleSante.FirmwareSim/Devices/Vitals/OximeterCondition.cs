namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>
/// What the oximeter is doing during a second. ISO 80601-2-61 requires a technical alarm when the
/// probe is off and requires SpO2 and pulse rate not to be shown as if valid when the signal is not;
/// the simulated device follows that: it sends numerics only while <see cref="Measuring"/>.
/// </summary>
public enum OximeterCondition
{
    /// <summary>SpO2 and pulse rate at 1 Hz, plus the pleth.</summary>
    Measuring,

    /// <summary>Probe just attached: the pleth is sent but SpO2 is withheld until the averaging window is full.</summary>
    Searching,

    /// <summary>Probe off the finger (alarm): nothing is sent, not even a flat pleth, so the gap stays a gap.</summary>
    ProbeOff,

    /// <summary>Movement swamps the pulsatile signal: the disturbed pleth is sent, SpO2 and pulse rate are withheld.</summary>
    MotionArtefact,
}
