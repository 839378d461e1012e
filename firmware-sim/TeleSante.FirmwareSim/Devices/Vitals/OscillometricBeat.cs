namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>
/// One heartbeat seen in the cuff during deflation: the small pressure oscillation the arterial
/// pulse superimposes on the cuff pressure. The envelope of these amplitudes over cuff pressure is
/// what an oscillometric device measures from.
/// </summary>
/// <param name="TimeNs">Time of the beat, ns since epoch.</param>
/// <param name="CuffPressureMmHg">Cuff pressure when the beat was seen.</param>
/// <param name="AmplitudeMmHg">Peak-to-peak oscillation amplitude.</param>
public sealed record OscillometricBeat(long TimeNs, double CuffPressureMmHg, double AmplitudeMmHg);
