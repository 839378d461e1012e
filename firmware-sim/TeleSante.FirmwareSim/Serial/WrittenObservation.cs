namespace TeleSante.FirmwareSim.Serial;

/// <summary>A value the simulated device wrote, as the gateway should store it.</summary>
public readonly record struct WrittenObservation(uint MdcCode, double Value, string Unit);
