using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Options;
using TeleSante.Access.Audit;
using TeleSante.Access.Devices;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Validation;
using TeleSante.Domain.Vitals;
using TeleSante.Gateway.Security;
using TeleSante.Ingestion;

namespace TeleSante.Gateway.Mqtt;

/// <summary>Turns one MQTT message into a pipeline submission; shared by the embedded broker and the
/// external-broker subscriber so both apply exactly the same rules.</summary>
internal sealed class MqttIngestHandler(IngestionPipeline pipeline, IAuditTrail audit, IOptions<ValidationLimits> limits)
{
    public const string ProtobufTransport = "mqtt";
    public const string JsonTransport = "mqtt-json";

    private readonly int _maxBatchBytes = limits.Value.MaxBatchBytes;

    /// <param name="device">The authenticated publisher, or null when device authentication is off (or
    /// for an external broker, which authenticates devices itself: see README).</param>
    /// <param name="payloadOutlivesCall">True when <paramref name="payload"/> stays valid until the returned task
    /// completes (the embedded broker: the packet is being processed until its PUBLISH interceptor returns), so it is
    /// read in place; false copies it first (the external-broker client hands the handler's task on and returns).</param>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<MqttIngestOutcome> HandleAsync(string topic, ReadOnlySequence<byte> payload, DeviceRecord? device, bool payloadOutlivesCall, CancellationToken cancellationToken)
    {
        if (!MqttTopicAddress.TryParse(topic, out var address, out var topicError))
        {
            var refused = await pipeline.RejectUndecodableAsync(Evidence(payload), ProtobufTransport, device?.Id, RejectReason.BadIdentity, topicError, cancellationToken).ConfigureAwait(false);
            return new MqttIngestOutcome(refused, null, 0);
        }

        var transport = address.Stream == MqttTopicAddress.VitalsStream ? JsonTransport : ProtobufTransport;

        // Size first, before anything is copied or parsed: a 10 MB document is refused as too large, not
        // parsed and refused as malformed.
        if (payload.Length > _maxBatchBytes)
        {
            var refused = await pipeline.RejectUndecodableAsync(Evidence(payload), transport, device?.Id ?? address.Device, RejectReason.TooLarge,
                $"message of {payload.Length} bytes exceeds the limit of {_maxBatchBytes} bytes (Validation:MaxBatchBytes)", cancellationToken).ConfigureAwait(false);
            return new MqttIngestOutcome(refused, address, 0);
        }

        // Issue 14: no copy per message where the payload outlives the call. Nothing keeps it past this call: the
        // write-ahead log stores the parsed batch, the dead-letter store copies what it keeps before answering.
        var bytes = payloadOutlivesCall && payload.IsSingleSegment ? payload.First : new ReadOnlyMemory<byte>(payload.ToArray());
        if (device is not null && DeviceIdentity.Check(device, address.Device, address.Site) is { } refusal)
        {
            var seq = MqttPayloadSeq.TryRead(address.Stream, bytes.Span);
            await audit.RecordAsync(new AuditEntry(device.Id, "batch.submit", "device/" + address.Device, AuditEntry.Denied, null, refusal), CancellationToken.None).ConfigureAwait(false);
            var refused = await pipeline.RejectUndecodableAsync(bytes, transport, device.Id, RejectReason.DeviceMismatch, refusal, cancellationToken, seq).ConfigureAwait(false);
            return new MqttIngestOutcome(refused, address, seq ?? 0);
        }

        if (address.Stream == MqttTopicAddress.VitalsStream)
        {
            if (!JsonVitalsParser.TryParse(bytes, address.Device, address.Site, out var vitals, out var jsonReason, out var jsonError))
            {
                var seq = MqttPayloadSeq.TryRead(address.Stream, bytes.Span);
                var refused = await pipeline.RejectUndecodableAsync(bytes, JsonTransport, address.Device, jsonReason, jsonError, cancellationToken, seq).ConfigureAwait(false);
                return new MqttIngestOutcome(refused, address, seq ?? 0);
            }

            var result = await pipeline.SubmitAsync(vitals, JsonTransport, bytes, cancellationToken).ConfigureAwait(false);
            return new MqttIngestOutcome(result, address, vitals.Seq);
        }

        ReadingBatch batch;
        try
        {
            batch = ReadingBatch.Parser.ParseFrom(bytes.Span);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException ex)
        {
            var refused = await pipeline.RejectUndecodableAsync(bytes, ProtobufTransport, address.Device, RejectReason.Malformed, $"not a ReadingBatch: {ex.Message}", cancellationToken).ConfigureAwait(false);
            return new MqttIngestOutcome(refused, address, 0);
        }

        if (!string.Equals(batch.DeviceId, address.Device, StringComparison.Ordinal) || !string.Equals(batch.SiteId, address.Site, StringComparison.Ordinal))
        {
            var refused = await pipeline.RejectUndecodableAsync(bytes, ProtobufTransport, address.Device, RejectReason.DeviceMismatch,
                $"batch names device '{batch.DeviceId}' at site '{batch.SiteId}' but was published on {topic}", cancellationToken, batch.Seq).ConfigureAwait(false);
            return new MqttIngestOutcome(refused, address, batch.Seq);
        }

        var accepted = await pipeline.SubmitEncodedAsync(batch, ProtobufTransport, bytes, cancellationToken).ConfigureAwait(false);
        return new MqttIngestOutcome(accepted, address, batch.Seq);
    }

    /// <summary>What is kept of a refused message; the dead-letter store bounds what it keeps of an oversized one.</summary>
    private static ReadOnlyMemory<byte> Evidence(ReadOnlySequence<byte> payload) => payload.IsSingleSegment ? payload.First : payload.ToArray();

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
