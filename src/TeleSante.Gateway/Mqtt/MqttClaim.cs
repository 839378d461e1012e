namespace TeleSante.Gateway.Mqtt;

/// <summary>The answer of <see cref="MqttClientRegistry.Claim"/>.</summary>
internal enum MqttClaim
{
    Granted,

    /// <summary>The client id's session belongs to another device.</summary>
    OtherDevice,

    /// <summary>The device has Security:MaxConnectionsPerDevice connections open already.</summary>
    Quota,
}
