namespace TeleSante.Analysis.Service.Internal;

/// <summary>One analysed stream: a device's ECG within a session.</summary>
internal readonly record struct StreamKey(string SessionId, string DeviceId);
