namespace TeleSante.Storage;

/// <summary>A stored observation.</summary>
public sealed record ObservationRecord(string DeviceId, uint MdcCode, string? RefId, string? Loinc, double Value, string Unit, long TimeNs, ulong Seq);
