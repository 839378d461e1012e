using MQTTnet.Formatter;
using TeleSante.Access.Devices;

namespace TeleSante.Gateway.Mqtt;

/// <summary>What the embedded broker's connection check decided, carried to the connection's session once MQTTnet has
/// made or resumed it.</summary>
internal sealed record ValidatedConnection(DeviceRecord? Device, MqttProtocolVersion ProtocolVersion, string? Remote, uint SessionExpiryInterval);
