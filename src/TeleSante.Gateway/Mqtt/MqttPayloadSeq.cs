using System.Text.Json;
using TeleSante.Contracts.V1;

namespace TeleSante.Gateway.Mqtt;

/// <summary>
/// Reads a refused message's seq when it can still be read, so the refusal notice and the dead letter
/// name the batch the device sent (a device matches its refusals by seq). Only for messages already
/// within the size limit.
/// </summary>
internal static class MqttPayloadSeq
{
    public static ulong? TryRead(string stream, ReadOnlySpan<byte> payload) =>
        stream == MqttTopicAddress.VitalsStream ? FromJson(payload) : FromProtobuf(payload);

    /// <summary>The top-level "seq" number of a JSON vitals document, read up to the first syntax error.</summary>
    private static ulong? FromJson(ReadOnlySpan<byte> payload)
    {
        var reader = new Utf8JsonReader(payload, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("seq"u8))
                {
                    return reader.Read() && reader.TokenType == JsonTokenType.Number && reader.TryGetUInt64(out var seq) ? seq : null;
                }
            }
        }
        catch (JsonException)
        {
            // Cut short or not JSON before "seq": not readable.
        }

        return null;
    }

    private static ulong? FromProtobuf(ReadOnlySpan<byte> payload)
    {
        try
        {
            var batch = ReadingBatch.Parser.ParseFrom(payload);
            return batch.Seq == 0 ? null : batch.Seq;
        }
        catch (Google.Protobuf.InvalidProtocolBufferException)
        {
            return null;
        }
    }
}
