namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>A capillary blood glucose meter (IEEE 11073-10417; ISO 15197 for its accuracy).</summary>
public sealed record GlucometerOptions : VitalsDeviceOptions
{
    public GlucoseUnit Unit { get; init; } = GlucoseUnit.MillimolesPerLitre;

    public GlucoseProfile Profile { get; init; } = GlucoseProfile.FastingNormal;

    /// <summary>Countdown between the drop reaching the strip and the result (about 5 s on current meters).</summary>
    public TimeSpan ReactionTime { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Lowest value displayed, mmol/L (below: "LO").</summary>
    public double MinDisplayMmolPerLitre { get; init; } = 0.6;

    /// <summary>Highest value displayed, mmol/L (above: "HI").</summary>
    public double MaxDisplayMmolPerLitre { get; init; } = 33.3;
}
