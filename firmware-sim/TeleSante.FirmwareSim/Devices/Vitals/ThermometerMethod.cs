namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>
/// How the temperature is taken. The method sets how long a reading takes and how it relates to
/// core temperature; IEEE 11073-10408 has site-specific codes for these, which the gateway does not
/// accept yet, so every method is sent as MDC_TEMP_BODY.
/// </summary>
public enum ThermometerMethod
{
    /// <summary>Infrared ear thermometer: about one second, close to core temperature.</summary>
    Tympanic,

    /// <summary>Infrared forehead scan: a few seconds, reads a little low.</summary>
    TemporalArtery,

    /// <summary>Contact probe under the tongue in predictive mode: about ten seconds, reads a little low.</summary>
    OralPredictive,
}
