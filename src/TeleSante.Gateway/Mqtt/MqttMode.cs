namespace TeleSante.Gateway.Mqtt;

public enum MqttMode
{
    /// <summary>No MQTT ingestion.</summary>
    Disabled,

    /// <summary>The gateway runs its own MQTT broker (MQTTnet) and devices connect to it.</summary>
    Embedded,

    /// <summary>Devices publish to an external broker (e.g. mosquitto); the gateway subscribes with a
    /// shared subscription and acknowledges each message only once it is durable.</summary>
    External,
}
