using Grpc.Core;

namespace TeleSante.FirmwareSim.Transport;

/// <summary>A device's registered credential: gRPC headers x-telesante-device/x-telesante-token, or MQTT
/// username/password.</summary>
public sealed record DeviceCredential(string DeviceId, string Token)
{
    public Metadata ToHeaders() => new() { { "x-telesante-device", DeviceId }, { "x-telesante-token", Token } };
}
