namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>One stage of a measurement cycle with its times (ns since epoch) and cuff pressures.</summary>
public sealed record CuffPhaseSpan(CuffPhase Phase, long StartNs, long EndNs, double StartPressureMmHg, double EndPressureMmHg)
{
    public TimeSpan Duration => TimeSpan.FromTicks((EndNs - StartNs) / 100);
}
