namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>The oximeter's condition changed at <paramref name="TimeNs"/> (ns since epoch, start of the second).</summary>
public sealed record OximeterConditionChange(long TimeNs, OximeterCondition Previous, OximeterCondition Current);
