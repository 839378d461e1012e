using System.Buffers;
using System.Text.Json;
using TeleSante.Access.Audit;
using TeleSante.Access.Devices;
using TeleSante.Contracts.V1;
using TeleSante.Gateway.Security;
using TeleSante.Domain.Vitals;
using TeleSante.Ingestion;

namespace TeleSante.Gateway.Mqtt;

/// <summary>Turns one MQTT message into a pipeline submission; shared by the embedded broker and the
/// external-broker subscriber so both apply exactly the same rules.</summary>
internal sealed class MqttIngestHandler(IngestionPipeline pipeline, IAuditTrail audit)
{
    public const string ProtobufTransport = "mqtt";
    public const string JsonTransport = "mqtt-json";

    /// <param name="device">The authenticated publisher, or null when device authentication is off (or
    /// for an external broker, which authenticates devices itself: see README).</param>
    public async Task<MqttIngestOutcome> HandleAsync(string topic, ReadOnlySequence<byte> payload, DeviceRecord? device, CancellationToken cancellationToken)
    {
        var bytes = payload.ToArray();
        if (!MqttTopicAddress.TryParse(topic, out var address, out var topicError))
        {
            var refused = await pipeline.RejectUndecodableAsync(bytes, ProtobufTransport, device?.Id, RejectReason.BadIdentity, topicError, cancellationToken).ConfigureAwait(false);
            return new MqttIngestOutcome(refused, null, 0);
        }

        if (device is not null && DeviceIdentity.Check(device, address.Device, address.Site) is { } refusal)
        {
            await audit.RecordAsync(new AuditEntry(device.Id, "batch.submit", "device/" + address.Device, AuditEntry.Denied, null, refusal), CancellationToken.None).ConfigureAwait(false);
            var refused = await pipeline.RejectUndecodableAsync(bytes, ProtobufTransport, device.Id, RejectReason.DeviceMismatch, refusal, cancellationToken).ConfigureAwait(false);
            return new MqttIngestOutcome(refused, address, 0);
        }

        if (address.Stream == MqttTopicAddress.VitalsStream)
        {
            if (!JsonVitalsParser.TryParse(bytes, address.Device, address.Site, out var vitals, out var jsonReason, out var jsonError))
            {
                var refused = await pipeline.RejectUndecodableAsync(bytes, JsonTransport, address.Device, jsonReason, jsonError, cancellationToken).ConfigureAwait(false);
                return new MqttIngestOutcome(refused, address, vitals.Seq);
            }

            var result = await pipeline.SubmitAsync(vitals, JsonTransport, bytes, cancellationToken).ConfigureAwait(false);
            return new MqttIngestOutcome(result, address, vitals.Seq);
        }

        ReadingBatch batch;
        try
        {
            batch = ReadingBatch.Parser.ParseFrom(bytes);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException ex)
        {
            var refused = await pipeline.RejectUndecodableAsync(bytes, ProtobufTransport, address.Device, RejectReason.Malformed, $"not a ReadingBatch: {ex.Message}", cancellationToken).ConfigureAwait(false);
            return new MqttIngestOutcome(refused, address, 0);
        }

        if (!string.Equals(batch.DeviceId, address.Device, StringComparison.Ordinal) || !string.Equals(batch.SiteId, address.Site, StringComparison.Ordinal))
        {
            var refused = await pipeline.RejectUndecodableAsync(bytes, ProtobufTransport, address.Device, RejectReason.DeviceMismatch,
                $"batch names device '{batch.DeviceId}' at site '{batch.SiteId}' but was published on {topic}", cancellationToken).ConfigureAwait(false);
            return new MqttIngestOutcome(refused, address, batch.Seq);
        }

        var accepted = await pipeline.SubmitAsync(batch, ProtobufTransport, bytes, cancellationToken).ConfigureAwait(false);
        return new MqttIngestOutcome(accepted, address, batch.Seq);
    }

    /// <summary>The JSON answer published on the device's result topic.</summary>
    public static byte[] FormatResult(MqttIngestOutcome outcome)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("seq", outcome.Seq);
            writer.WriteString("outcome", outcome.Result.Outcome.ToString().ToLowerInvariant());
            if (!outcome.Result.IsAcknowledged)
            {
                writer.WriteString("reason", outcome.Result.Reason.ToString());
                writer.WriteString("detail", outcome.Result.Detail);
                writer.WriteBoolean("retryable", outcome.Result.IsRetryable);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
