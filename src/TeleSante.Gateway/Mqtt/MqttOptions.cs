using System.ComponentModel.DataAnnotations;

namespace TeleSante.Gateway.Mqtt;

/// <summary>MQTT ingestion. Section <c>Mqtt</c>.</summary>
public sealed class MqttOptions : IValidatableObject
{
    public const string Section = "Mqtt";

    /// <summary>Embedded broker, external broker, or none. Default Embedded.</summary>
    public MqttMode Mode { get; set; } = MqttMode.Embedded;

    /// <summary>Address the embedded broker listens on. Default 127.0.0.1.</summary>
    [Required]
    public string EmbeddedBindAddress { get; set; } = "127.0.0.1";

    /// <summary>TCP port of the embedded broker. Default 1883.</summary>
    [Range(1, 65535)]
    public int EmbeddedPort { get; set; } = 1883;

    /// <summary>Most connections the embedded broker accepts. Default 10000.</summary>
    [Range(1, 1_000_000)]
    public int MaxConnections { get; set; } = 10_000;

    /// <summary>Messages the embedded broker queues for one client before dropping the oldest (MQTTnet's pending
    /// queue; a device only ever receives its own refusal notices). Default 1000.</summary>
    [Range(1, 100_000)]
    public int MaxPendingMessagesPerClient { get; set; } = 1000;

    /// <summary>Bytes of the buffer MQTTnet allocates per connection to encode what it sends, kept for the connection's
    /// life (it grows for a larger packet, then shrinks back). Default 1024: a device is sent CONNACK, PUBACK and
    /// SUBACK packets of a few bytes and refusal notices of a few hundred; MQTTnet's own 4096 made it 40 MB of
    /// buffers at 10,000 devices (issue 14, bench/README "Vitals path cost").</summary>
    [Range(128, 65535)]
    public int WriterBufferBytes { get; set; } = 1024;

    /// <summary>Topic aliases (MQTT 5, section 3.3.2.3.4) the embedded broker accepts per connection,
    /// announced in CONNACK. Default 16; 0 = aliases off. Why small: a client sizes its alias table from
    /// this number (MQTT.js builds one of that many entries per connection), and the broker keeps one
    /// topic per alias per connection; a device publishes on a handful of topics. A PUBLISH with an alias
    /// above it is answered DISCONNECT 0x94 (Topic Alias invalid).</summary>
    [Range(0, 65535)]
    public int TopicAliasMaximum { get; set; } = 16;

    /// <summary>Longest the embedded broker keeps the session (subscriptions, queued notices) of a device that left with
    /// clean session off (MQTT 3.1.1) or a session expiry (MQTT 5, whose own interval is capped at this and announced in
    /// CONNACK). Default 1 day: a cabin's device off overnight keeps its session; device churn does not grow the
    /// broker's memory for ever (MQTTnet 5.2 never expires a session by itself).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan SessionExpiry { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How often expired sessions are looked for (one pass over the broker's sessions). Default 1 minute.</summary>
    [Range(typeof(TimeSpan), "00:00:00.1", "01:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan SessionSweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>External broker host (Mode = External).</summary>
    public string? ExternalHost { get; set; }

    /// <summary>External broker port. Default 1883.</summary>
    [Range(1, 65535)]
    public int ExternalPort { get; set; } = 1883;

    /// <summary>Client id of the gateway at the external broker; each gateway instance needs its own.
    /// Default "telesante-gateway-" + machine name.</summary>
    public string? ExternalClientId { get; set; }

    /// <summary>Credentials at the external broker (from a secret store or environment, never the repo).</summary>
    public string? ExternalUsername { get; set; }

    public string? ExternalPassword { get; set; }

    /// <summary>Shared-subscription group, for several gateway instances sharing the load
    /// ($share/{group}/telesante/v1/+/+/+). Default empty: one gateway with a plain persistent
    /// subscription. Why: mosquitto 2.0 does not restore shared subscriptions from its persistence file,
    /// so messages published after a broker restart and before the gateways reconnect are dropped by the
    /// broker (measured here, see the README); a plain persistent subscription is restored and keeps them.</summary>
    public string SharedGroup { get; set; } = string.Empty;

    /// <summary>Messages from the external broker being processed at once before the gateway stops
    /// reading (and so stops acknowledging). Default 256.</summary>
    [Range(1, 65535)]
    public int MaxPendingMessages { get; set; } = 256;

    /// <summary>Session expiry asked of the external broker, so messages published while the gateway
    /// is away are kept for it. Default 1 day.</summary>
    public TimeSpan ExternalSessionExpiry { get; set; } = TimeSpan.FromDays(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Mode == MqttMode.External && string.IsNullOrWhiteSpace(ExternalHost))
        {
            yield return new ValidationResult("Mqtt:ExternalHost is required when Mqtt:Mode is External", [nameof(ExternalHost)]);
        }
    }
}
