using Google.Protobuf;

namespace TeleSante.Ingestion.Wal;

/// <summary>
/// Writes a <c>WalEntry</c> (<c>wal.proto</c>) around a batch that is already protobuf-encoded: the bytes a gRPC or
/// MQTT device sent, from which the validated batch was decoded. Decoding is deterministic, so the log's reader gets
/// back exactly the batch that was validated, without the gateway re-encoding it (computing the size of, then writing,
/// every packed sample again was about a sixth of the gateway's CPU on 12-lead ECG; issue 14). Fields are written in
/// field-number order, as the generated code does, so a canonically encoded batch gives the same bytes as
/// <c>WalEntry.WriteTo</c>.
/// </summary>
internal static class WalEntryEncoding
{
    private const byte BatchTag = (1 << 3) | 2;         // field 1, length-delimited
    private const byte ReceivedTimeTag = 2 << 3;        // field 2, varint
    private const byte TransportTag = (3 << 3) | 2;     // field 3, length-delimited

    public static int ComputeSize(int encodedBatchLength, long receivedTimeNs, string transport) =>
        1 + CodedOutputStream.ComputeLengthSize(encodedBatchLength) + encodedBatchLength
        + (receivedTimeNs == 0 ? 0 : 1 + CodedOutputStream.ComputeInt64Size(receivedTimeNs))
        + (transport.Length == 0 ? 0 : 1 + CodedOutputStream.ComputeStringSize(transport));

    /// <summary>Writes the entry at the start of <paramref name="destination"/>, which must hold
    /// <see cref="ComputeSize"/> bytes; returns the bytes written.</summary>
    public static int Write(byte[] destination, ReadOnlyMemory<byte> encodedBatch, long receivedTimeNs, string transport)
    {
        using var output = new CodedOutputStream(destination);
        output.WriteRawTag(BatchTag);
        output.WriteBytes(UnsafeByteOperations.UnsafeWrap(encodedBatch)); // wrapped, not copied: written once, here

        // Proto3: fields at their default value are not written.
        if (receivedTimeNs != 0)
        {
            output.WriteRawTag(ReceivedTimeTag);
            output.WriteInt64(receivedTimeNs);
        }

        if (transport.Length != 0)
        {
            output.WriteRawTag(TransportTag);
            output.WriteString(transport);
        }

        output.Flush();
        return (int)output.Position;
    }
}
