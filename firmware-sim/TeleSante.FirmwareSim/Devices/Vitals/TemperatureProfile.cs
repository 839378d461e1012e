namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>The kind of patient whose core temperature is drawn when a measurement names none.</summary>
public enum TemperatureProfile
{
    /// <summary>Afebrile, about 36.9 °C.</summary>
    Normal,

    /// <summary>Fever, about 38.8 °C.</summary>
    Fever,

    /// <summary>Mild hypothermia (an elderly patient after a fall), about 34.8 °C: sometimes below the display range.</summary>
    Hypothermia,
}
