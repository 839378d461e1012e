namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>A fingertip pulse oximeter (IEEE 11073-10404) streaming its pleth and 1 Hz numerics.</summary>
public sealed record PulseOximeterOptions : VitalsDeviceOptions
{
    /// <summary>Consultation the readings belong to until <see cref="PulseOximeter.StartSession"/> changes it.</summary>
    public required string SessionId { get; init; }

    /// <summary>Time of the first pleth sample, ns since epoch (device clock).</summary>
    public required long StartTimeNs { get; init; }

    /// <summary>Pleth samples per second. The gateway accepts 25..1000 Hz for a plethysmogram by default.</summary>
    public double SampleRateHz { get; init; } = 100;

    /// <summary>Whole seconds per batch: each batch is one pleth chunk plus that many 1 Hz numerics.</summary>
    public int ChunkSeconds { get; init; } = 1;

    /// <summary>
    /// Pleth ADC units per unit of the dimensionless (UCUM "1") signal; samples are 0..gain so the
    /// physical value is 0..1, well inside the gateway's plausible -10..10 for "1".
    /// </summary>
    public double PlethGain { get; init; } = 1000;

    /// <summary>Seconds of signal the device averages before it shows SpO2 after the probe goes on
    /// (typical oximeters take 4–8 s).</summary>
    public int AcquisitionSeconds { get; init; } = 4;

    public OximeterPatient Patient { get; init; } = OximeterPatient.Healthy;
}
