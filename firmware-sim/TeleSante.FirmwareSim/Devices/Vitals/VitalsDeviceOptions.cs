namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>What every simulated vitals device has: an identity, a seed and a clock.</summary>
public abstract record VitalsDeviceOptions
{
    /// <summary>Registered device id, e.g. "ph-lyon-03-bp1" (1..64 of [A-Za-z0-9._-]).</summary>
    public required string DeviceId { get; init; }

    /// <summary>The site (pharmacy, nurse-led point) where the device is, e.g. "pharma-lyon-03".</summary>
    public required string SiteId { get; init; }

    /// <summary>Seed of every random draw (patients, noise, faults): one seed, one reproducible day.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// First batch sequence number. Null: the clock in milliseconds, so a restarted simulator keeps
    /// counting up as a real device with its counter in flash would.
    /// </summary>
    public ulong? FirstSeq { get; init; }

    /// <summary>The device's clock: read by the real-time methods (MeasureAsync) and for the default seq.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
