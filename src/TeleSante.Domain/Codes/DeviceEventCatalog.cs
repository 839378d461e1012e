using System.Collections.Frozen;

namespace TeleSante.Domain.Codes;

/// <summary>
/// The device events the gateway knows: the error and alarm conditions the home-use device standards
/// make devices report (IEC 80601-2-30 for automated BP monitors: cuff, motion, range; ISO 80601-2-61
/// for oximeters: probe off, low perfusion; ISO 15197 meters: strip and sample errors; IEC 60601-2-25
/// ECG lead off). Named by short stable codes rather than vendor numbers (every maker numbers its
/// E-codes differently); the set is closed so that nothing arrives as unreviewed free text.
/// </summary>
public static class DeviceEventCatalog
{
    private static readonly DeviceEventCode[] Events =
    [
        new("cuff-loose", "Cuff loose or not on the arm", DeviceEventKind.MeasurementFailed),
        new("motion-artefact", "Movement during the measurement", DeviceEventKind.MeasurementFailed),
        new("out-of-range", "Outside the device's measuring range", DeviceEventKind.MeasurementFailed),
        new("inflation-error", "Cuff could not be inflated", DeviceEventKind.MeasurementFailed),
        new("strip-error", "Test strip error (used or damaged strip)", DeviceEventKind.MeasurementFailed),
        new("insufficient-sample", "Blood sample too small", DeviceEventKind.MeasurementFailed),
        new("irregular-pulse", "Irregular pulse detected during the measurement", DeviceEventKind.Advisory),
        new("probe-off", "Sensor off the finger", DeviceEventKind.TechnicalAlarm),
        new("low-perfusion", "Signal too weak (low perfusion)", DeviceEventKind.TechnicalAlarm),
        new("lead-off", "ECG electrode off", DeviceEventKind.TechnicalAlarm),
        new("low-battery", "Device battery low", DeviceEventKind.DeviceStatus),
    ];

    private static readonly FrozenDictionary<string, DeviceEventCode> ByCode = Events.ToFrozenDictionary(e => e.Code, StringComparer.Ordinal);

    /// <summary>Longest device text kept with an event.</summary>
    public const int MaxTextLength = 200;

    public static IReadOnlyList<DeviceEventCode> All => Events;

    public static DeviceEventCode? Find(string code) => ByCode.GetValueOrDefault(code);
}
