using TeleSante.Domain.Validation;

namespace TeleSante.Gateway.Mqtt;

/// <summary>
/// The ingestion topic scheme: <c>telesante/v1/{site}/{device}/{stream}</c>, where stream is
/// <c>batch</c> (a protobuf telesante.v1.ReadingBatch) or <c>vitals</c> (the JSON vitals form).
/// The gateway answers refusals on <c>telesante/v1/{site}/{device}/result</c> (JSON), for MQTT 3.1.1
/// devices that cannot read a PUBACK reason code.
/// </summary>
internal readonly record struct MqttTopicAddress(string Site, string Device, string Stream)
{
    public const string Prefix = "telesante/v1/";
    public const string BatchStream = "batch";
    public const string VitalsStream = "vitals";
    public const string ResultStream = "result";

    /// <summary>Subscription filter for every ingestion topic.</summary>
    public const string AllStreamsFilter = "telesante/v1/+/+/+";

    public string ResultTopic => ResultTopicOf(Site, Device);

    /// <summary>Where the gateway answers a device: <c>telesante/v1/{site}/{device}/result</c>.</summary>
    public static string ResultTopicOf(string site, string device) => $"{Prefix}{site}/{device}/{ResultStream}";

    /// <summary>True for the topics a device may publish readings on (and the malformed look-alikes the
    /// ingestion path refuses with a typed reason): under the prefix, anything but a result topic.</summary>
    public static bool IsIngestionTopic(string topic) =>
        topic.StartsWith(Prefix, StringComparison.Ordinal) && !topic.EndsWith("/" + ResultStream, StringComparison.Ordinal);

    /// <summary>True for one device's result topic, without wildcards.</summary>
    public static bool IsResultTopic(string topic)
    {
        if (!topic.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var parts = topic[Prefix.Length..].Split('/');
        return parts.Length == 3 && Identifiers.IsValid(parts[0]) && Identifiers.IsValid(parts[1]) && parts[2] == ResultStream;
    }

    public static bool TryParse(string topic, out MqttTopicAddress address, out string error)
    {
        address = default;
        if (!topic.StartsWith(Prefix, StringComparison.Ordinal))
        {
            error = $"topic '{topic}' does not start with '{Prefix}'";
            return false;
        }

        var parts = topic[Prefix.Length..].Split('/');
        if (parts.Length != 3)
        {
            error = $"topic '{topic}' must be {Prefix}{{site}}/{{device}}/{{stream}}";
            return false;
        }

        if (!Identifiers.IsValid(parts[0]) || !Identifiers.IsValid(parts[1]))
        {
            error = $"topic '{topic}': site and device must be {Identifiers.Rule}";
            return false;
        }

        if (parts[2] is not (BatchStream or VitalsStream))
        {
            error = $"topic '{topic}': unknown stream '{parts[2]}' (expected '{BatchStream}' or '{VitalsStream}')";
            return false;
        }

        address = new MqttTopicAddress(parts[0], parts[1], parts[2]);
        error = string.Empty;
        return true;
    }
}
