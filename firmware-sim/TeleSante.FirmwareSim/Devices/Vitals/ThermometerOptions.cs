namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>A clinical thermometer (IEEE 11073-10408; ISO 80601-2-56 for its accuracy).</summary>
public sealed record ThermometerOptions : VitalsDeviceOptions
{
    public TemperatureUnit Unit { get; init; } = TemperatureUnit.Celsius;

    public ThermometerMethod Method { get; init; } = ThermometerMethod.Tympanic;

    public TemperatureProfile Profile { get; init; } = TemperatureProfile.Normal;

    /// <summary>Lowest reading displayed, °C (below: "Lo"). Typical infrared thermometers show 34.0..42.2 °C.</summary>
    public double MinDisplayCelsius { get; init; } = 34.0;

    /// <summary>Highest reading displayed, °C (above: "Hi").</summary>
    public double MaxDisplayCelsius { get; init; } = 42.2;
}
