namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>
/// Display unit of a glucose meter, fixed at the factory by market. Sent as UCUM "mmol/L" (LOINC
/// 14743-9) or "mg/dL" (LOINC 41653-7). French meters often show g/L, which the gateway does not
/// accept yet.
/// </summary>
public enum GlucoseUnit
{
    MillimolesPerLitre,
    MilligramsPerDecilitre,
}
