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

    private const string ResultSuffix = "/" + ResultStream;

    /// <summary>Subscription filter for every ingestion topic.</summary>
    public const string AllStreamsFilter = "telesante/v1/+/+/+";

    public string ResultTopic => ResultTopicOf(Site, Device);

    /// <summary>Where the gateway answers a device: <c>telesante/v1/{site}/{device}/result</c>.</summary>
    public static string ResultTopicOf(string site, string device) => $"{Prefix}{site}/{device}/{ResultStream}";

    /// <summary>True for the topics a device may publish readings on (and the malformed look-alikes the
    /// ingestion path refuses with a typed reason): under the prefix, anything but a result topic.</summary>
    public static bool IsIngestionTopic(string topic) =>
        topic.StartsWith(Prefix, StringComparison.Ordinal) && !topic.EndsWith(ResultSuffix, StringComparison.Ordinal);

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

    /// <summary>Reads <c>telesante/v1/{site}/{device}/{stream}</c>. Parsed over spans (issue 14: once per message):
    /// the only strings made are the site and device ids, and the stream is one of the constants.</summary>
    public static bool TryParse(string topic, out MqttTopicAddress address, out string error)
    {
        address = default;
        if (!topic.StartsWith(Prefix, StringComparison.Ordinal))
        {
            error = $"topic '{topic}' does not start with '{Prefix}'";
            return false;
        }

        var rest = topic.AsSpan(Prefix.Length);
        var first = rest.IndexOf('/');
        var second = first < 0 ? -1 : rest[(first + 1)..].IndexOf('/');
        if (first < 0 || second < 0 || rest[(first + 1 + second + 1)..].Contains('/'))
        {
            error = $"topic '{topic}' must be {Prefix}{{site}}/{{device}}/{{stream}}";
            return false;
        }

        var site = rest[..first];
        var device = rest.Slice(first + 1, second);
        var stream = rest[(first + 1 + second + 1)..];
        if (!Identifiers.IsValid(site) || !Identifiers.IsValid(device))
        {
            error = $"topic '{topic}': site and device must be {Identifiers.Rule}";
            return false;
        }

        var knownStream = stream.SequenceEqual(BatchStream) ? BatchStream : stream.SequenceEqual(VitalsStream) ? VitalsStream : null;
        if (knownStream is null)
        {
            error = $"topic '{topic}': unknown stream '{stream}' (expected '{BatchStream}' or '{VitalsStream}')";
            return false;
        }

        address = new MqttTopicAddress(site.ToString(), device.ToString(), knownStream);
        error = string.Empty;
        return true;
    }
}
