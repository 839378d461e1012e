using TeleSante.Access.Devices;

namespace TeleSante.Gateway.Mqtt;

/// <summary>
/// Topic access control of the embedded broker (the README gives the same rules for an external
/// mosquitto): a device publishes only readings (batch/vitals topics, checked against its identity by
/// the ingestion path) and subscribes only to its own result topic, which carries refusal notices that
/// quote patient values. Everything else is refused: no wildcards, no $SYS, no other device's result
/// topic, no relaying between clients, and nothing a device publishes is ever retained.
/// </summary>
internal static class MqttTopicAccess
{
    /// <summary>Null when <paramref name="device"/> may subscribe to <paramref name="filter"/>, otherwise why not.
    /// With device authentication off (test benches), any one device's result topic, never a wildcard.</summary>
    public static string? CheckSubscribe(DeviceRecord? device, string filter)
    {
        if (device is null)
        {
            return MqttTopicAddress.IsResultTopic(filter) ? null : $"only a device's own result topic ({MqttTopicAddress.Prefix}{{site}}/{{device}}/{MqttTopicAddress.ResultStream}) may be subscribed to, not '{filter}'";
        }

        var own = MqttTopicAddress.ResultTopicOf(device.Site, device.Id);
        return string.Equals(filter, own, StringComparison.Ordinal) ? null : $"device '{device.Id}' may subscribe only to {own}, not '{filter}'";
    }

    /// <summary>Null when the topic goes to the ingestion path (which checks the device against the topic),
    /// otherwise why the publish is refused.</summary>
    public static string? CheckPublish(string? deviceId, string topic) => MqttTopicAddress.IsIngestionTopic(topic)
        ? null
        : $"{(deviceId is null ? "a device" : $"device '{deviceId}'")} may publish only on {MqttTopicAddress.Prefix}{{site}}/{{device}}/{MqttTopicAddress.BatchStream}|{MqttTopicAddress.VitalsStream} topics, not '{topic}'";
}
