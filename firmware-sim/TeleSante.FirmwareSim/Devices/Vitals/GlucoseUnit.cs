namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>
/// Display unit of a glucose meter, fixed at the factory by market. Sent as UCUM "mmol/L" (LOINC
/// 14743-9), "mg/dL" or "g/L" (both LOINC 41653-7, mass concentration; g/L is what French meters show).
/// </summary>
public enum GlucoseUnit
{
    MillimolesPerLitre,
    MilligramsPerDecilitre,
    GramsPerLitre,
}
