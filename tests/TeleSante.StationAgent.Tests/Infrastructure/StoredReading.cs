namespace TeleSante.StationAgent.Tests.Infrastructure;

/// <summary>One observation as the gateway stores it (and as a device wrote it), for comparisons.</summary>
public sealed record StoredReading(string DeviceId, ulong Seq, uint MdcCode, double Value, string Unit, long TimeNs, string? Loinc);
