namespace TeleSante.FirmwareSim.Clinical.Messages;

/// <summary>A time range of one device's stored readings attached to a request, [From, To).</summary>
public sealed record RecordingRangeBody(string DeviceId, DateTimeOffset From, DateTimeOffset To);
