namespace TeleSante.Clinical.Requests;

/// <summary>A time range of one device's stored readings (ECG or vitals), [From, To).</summary>
public sealed record RecordingRange(string DeviceId, DateTimeOffset From, DateTimeOffset To);
