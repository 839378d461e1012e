namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>Display unit of a thermometer; sent as UCUM "Cel" or "[degF]".</summary>
public enum TemperatureUnit
{
    Celsius,
    Fahrenheit,
}
