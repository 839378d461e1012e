namespace TeleSante.LiveView.Internal;

/// <summary>One numeric reading of an accepted batch, as the alert evaluator needs it (the batch's waveforms are
/// not kept: the queue holds a few dozen bytes per reading). <paramref name="Source"/> is <see cref="VitalAlert.DeviceSource"/>
/// or <see cref="VitalAlert.EcgAnalysisSource"/> (then <paramref name="FromNs"/> is the start of the beats measured).</summary>
internal readonly record struct VitalReading(string SessionId, string DeviceId, uint MdcCode, double Value, string Unit, long TimeNs, long AcceptedNs,
    string Source = VitalAlert.DeviceSource, long? FromNs = null);
