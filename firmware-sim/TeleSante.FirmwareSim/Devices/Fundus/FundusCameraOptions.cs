namespace TeleSante.FirmwareSim.Devices.Fundus;

/// <summary>A non-mydriatic fundus camera at a teleconsultation point (retinal screening of diabetics).</summary>
public sealed record FundusCameraOptions
{
    public required string DeviceId { get; init; }

    public required string SiteId { get; init; }

    /// <summary>Output width in pixels. Real cameras give 2–24 MP; tests use a few hundred pixels.</summary>
    public int Width { get; init; } = 1280;

    public int Height { get; init; } = 960;

    /// <summary>Angle of view, degrees; 45° is the screening standard. Sets the disc's size in the image.</summary>
    public double FieldOfViewDegrees { get; init; } = 45;

    /// <summary>Standard deviation of the sensor noise, in 8-bit levels; 0 for noiseless images.</summary>
    public double SensorNoise { get; init; } = 1.0;

    /// <summary>Seed for the eyes (when a capture names none) and the sensor noise.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>The camera's clock, for capture timestamps.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
