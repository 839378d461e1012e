namespace TeleSante.Domain.Codes;

/// <summary>What a device event means for the practitioner watching.</summary>
public enum DeviceEventKind
{
    /// <summary>A measurement was attempted and gave no value: retake it.</summary>
    MeasurementFailed,

    /// <summary>The device cannot measure right now (sensor off, electrode off, signal too weak).</summary>
    TechnicalAlarm,

    /// <summary>The value came with a warning worth reading (e.g. an irregular pulse during a BP cycle).</summary>
    Advisory,

    /// <summary>About the device itself (battery).</summary>
    DeviceStatus,
}
