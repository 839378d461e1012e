namespace TeleSante.Access.Devices;

/// <summary>A registered device (or station agent, kind "station", which may send for its site's devices).</summary>
public sealed record DeviceRecord(string Id, string Kind, string Site, DeviceState State, DateTimeOffset RegisteredAt);
