using System.Text;
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
    public static int Write(Span<byte> destination, ReadOnlySpan<byte> encodedBatch, long receivedTimeNs, string transport)
    {
        var at = 0;
        destination[at++] = BatchTag;
        at += WriteVarint(destination[at..], (uint)encodedBatch.Length);
        encodedBatch.CopyTo(destination[at..]);
        at += encodedBatch.Length;

        // Proto3: fields at their default value are not written.
        if (receivedTimeNs != 0)
        {
            destination[at++] = ReceivedTimeTag;
            at += WriteVarint(destination[at..], unchecked((ulong)receivedTimeNs));
        }

        if (transport.Length != 0)
        {
            destination[at++] = TransportTag;
            at += WriteVarint(destination[at..], (uint)Encoding.UTF8.GetByteCount(transport));
            at += Encoding.UTF8.GetBytes(transport, destination[at..]);
        }

        return at;
    }

    private static int WriteVarint(Span<byte> destination, ulong value)
    {
        var at = 0;
        while (value >= 0x80)
        {
            destination[at++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[at++] = (byte)value;
        return at;
    }
}
