namespace TeleSante.StationAgent;

/// <summary>One numeric value carried by a sentence.</summary>
/// <param name="MdcCode">ISO/IEEE 11073-10101 numeric code (reference ids are resolved by the parser).</param>
/// <param name="Value">The value as the device wrote it, in <paramref name="Unit"/>.</param>
/// <param name="Unit">UCUM case-sensitive unit code as the device wrote it.</param>
public sealed record SerialObservation(uint MdcCode, double Value, string Unit);
