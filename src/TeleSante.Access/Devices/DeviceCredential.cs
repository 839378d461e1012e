namespace TeleSante.Access.Devices;

/// <summary>The secret given once at registration; only its SHA-256 is stored.</summary>
public sealed record DeviceCredential(string DeviceId, string Token);
