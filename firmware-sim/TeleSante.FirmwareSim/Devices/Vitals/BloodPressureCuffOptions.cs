namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>An automated oscillometric upper-arm cuff (IEEE 11073-10407 blood pressure monitor).</summary>
public sealed record BloodPressureCuffOptions : VitalsDeviceOptions
{
    /// <summary>Profile that patients are drawn from when a measurement names none.</summary>
    public BloodPressureProfile Profile { get; init; } = BloodPressureProfile.Normotensive;

    /// <summary>Pump speed, mmHg/s; a small pump takes about 15 s to reach 150 mmHg.</summary>
    public double InflationRateMmHgPerSecond { get; init; } = 10;

    /// <summary>How far above systolic the cuff inflates ("smart" inflation stops once the
    /// oscillations fade, then adds a margin).</summary>
    public double InflationMarginMmHg { get; init; } = 30;

    /// <summary>
    /// Linear bleed rate while the oscillations are recorded, mmHg/s. 3 mmHg/s is the rate the
    /// auscultatory reference method of ISO 81060-2 uses; slower is more accurate but longer.
    /// </summary>
    public double DeflationRateMmHgPerSecond { get; init; } = 3;

    /// <summary>Rate of the final dump through the open valve, mmHg/s.</summary>
    public double ExhaustRateMmHgPerSecond { get; init; } = 40;

    /// <summary>
    /// Highest cuff pressure the device will apply: IEC 80601-2-30 limits adult mode to 300 mmHg.
    /// A patient whose envelope has not closed by then gets <see cref="CuffOutcome.OutOfRange"/>.
    /// </summary>
    public double MaxCuffPressureMmHg { get; init; } = 300;

    /// <summary>How long the pump tries before declaring the cuff loose.</summary>
    public TimeSpan InflationTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Characteristic ratios of the oscillation envelope: systolic is where the amplitude, above
    /// the maximum (MAP), has fallen to this fraction of the maximum. Typical published values are
    /// 0.45–0.6 for systolic and 0.7–0.85 for diastolic; each manufacturer tunes its own.
    /// </summary>
    public double SystolicRatio { get; init; } = 0.55;

    /// <summary>Diastolic characteristic ratio (below MAP), see <see cref="SystolicRatio"/>.</summary>
    public double DiastolicRatio { get; init; } = 0.75;
}
