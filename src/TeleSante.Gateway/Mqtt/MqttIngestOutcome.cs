using TeleSante.Ingestion;

namespace TeleSante.Gateway.Mqtt;

/// <summary>The pipeline's answer to one MQTT message, with where to send a refusal notice.</summary>
internal readonly record struct MqttIngestOutcome(IngestResult Result, MqttTopicAddress? Address, ulong Seq);
