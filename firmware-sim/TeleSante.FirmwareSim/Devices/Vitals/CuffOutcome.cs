namespace TeleSante.FirmwareSim.Devices.Vitals;

/// <summary>
/// How a cuff measurement ended. Every outcome but <see cref="Success"/> is an error the device
/// shows instead of a value; the three errors are the ones home and pharmacy cuffs report (they
/// match the Bluetooth Blood Pressure Service "Measurement Status" flags: body movement, cuff fit,
/// pulse rate out of range).
/// </summary>
public enum CuffOutcome
{
    /// <summary>Systolic, diastolic, mean pressure and pulse rate were measured.</summary>
    Success,

    /// <summary>The cuff did not reach pressure: too loose, or the tube is disconnected.</summary>
    CuffLoose,

    /// <summary>The oscillation envelope was corrupted by movement; no value can be trusted.</summary>
    MotionArtefact,

    /// <summary>
    /// Pressure or pulse outside what the device measures: the envelope had not closed at the cuff's
    /// 300 mmHg limit (IEC 80601-2-30 for adults), or the pulse was outside 40..180 /min.
    /// </summary>
    OutOfRange,
}
