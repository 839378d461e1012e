namespace TeleSante.LiveView.Internal;

/// <summary>One numeric reading of an accepted batch, as the alert evaluator needs it (the batch's waveforms are
/// not kept: the queue holds a few dozen bytes per reading).</summary>
internal readonly record struct VitalReading(string SessionId, string DeviceId, uint MdcCode, double Value, string Unit, long TimeNs, long AcceptedNs);
