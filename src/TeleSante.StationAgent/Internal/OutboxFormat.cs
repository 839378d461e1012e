using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using Google.Protobuf;
using TeleSante.Contracts.V1;

namespace TeleSante.StationAgent.Internal;

/// <summary>
/// What the outbox writes, all integers little-endian:
/// <code>
/// log/          the shared segment log (TeleSante.SegmentLog): one record per reading, its sequence is the entry id
/// payload     = u16 line-length, line (ASCII), ReadingBatch (protobuf)
/// checkpoint  = "TSAGCK01" u64 acked-id u32 n (u8 id-length, device id, u64 seq)*n u32 CRC-32 of all before
/// </code>
/// The log frames, checksums and repairs the records; the checkpoint stays the outbox's own because it carries the
/// last acknowledged seq per device, which must outlive the entries themselves.
/// </summary>
internal static class OutboxFormat
{
    /// <summary>A serial sentence is at most 160 bytes and its batch a few hundred: the log refuses anything larger.</summary>
    public const int MaxPayloadBytes = 64 * 1024;

    public const string LogDirectoryName = "log";
    public const string CheckpointFileName = "checkpoint";
    public const string LockFileName = ".lock";

    public static ReadOnlySpan<byte> CheckpointMagic => "TSAGCK01"u8;

    public static byte[] EncodePayload(OutboxDraft draft)
    {
        var lineLength = Encoding.ASCII.GetByteCount(draft.Line);
        var batchLength = draft.Batch.CalculateSize();
        var payload = new byte[2 + lineLength + batchLength];
        BinaryPrimitives.WriteUInt16LittleEndian(payload, checked((ushort)lineLength));
        Encoding.ASCII.GetBytes(draft.Line, payload.AsSpan(2, lineLength));
        draft.Batch.WriteTo(payload.AsSpan(2 + lineLength));
        return payload;
    }

    public static OutboxEntry DecodePayload(long id, ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 2)
        {
            throw new InvalidDataException($"outbox entry {id}: payload of {payload.Length} bytes");
        }

        var lineLength = BinaryPrimitives.ReadUInt16LittleEndian(payload);
        if (2 + lineLength > payload.Length)
        {
            throw new InvalidDataException($"outbox entry {id}: line length {lineLength} beyond the payload");
        }

        var line = Encoding.ASCII.GetString(payload.Slice(2, lineLength));
        var batch = ReadingBatch.Parser.ParseFrom(payload[(2 + lineLength)..]);
        return new OutboxEntry(id, batch, line);
    }

    public static byte[] EncodeCheckpoint(long ackedId, IReadOnlyDictionary<string, ulong> ackedSeqs)
    {
        var size = CheckpointMagic.Length + 8 + 4 + ackedSeqs.Sum(p => 1 + Encoding.ASCII.GetByteCount(p.Key) + 8) + 4;
        var bytes = new byte[size];
        var span = bytes.AsSpan();
        CheckpointMagic.CopyTo(span);
        var offset = CheckpointMagic.Length;
        BinaryPrimitives.WriteInt64LittleEndian(span[offset..], ackedId);
        offset += 8;
        BinaryPrimitives.WriteInt32LittleEndian(span[offset..], ackedSeqs.Count);
        offset += 4;
        foreach (var (device, seq) in ackedSeqs)
        {
            var length = Encoding.ASCII.GetBytes(device, span[(offset + 1)..]);
            span[offset] = checked((byte)length);
            offset += 1 + length;
            BinaryPrimitives.WriteUInt64LittleEndian(span[offset..], seq);
            offset += 8;
        }

        BinaryPrimitives.WriteUInt32LittleEndian(span[offset..], Crc32.HashToUInt32(span[..offset]));
        return bytes;
    }

    public static bool TryDecodeCheckpoint(ReadOnlySpan<byte> bytes, out long ackedId, out Dictionary<string, ulong> ackedSeqs)
    {
        ackedId = 0;
        ackedSeqs = new Dictionary<string, ulong>(StringComparer.Ordinal);
        var minimum = CheckpointMagic.Length + 8 + 4 + 4;
        if (bytes.Length < minimum || !bytes.StartsWith(CheckpointMagic) ||
            Crc32.HashToUInt32(bytes[..^4]) != BinaryPrimitives.ReadUInt32LittleEndian(bytes[^4..]))
        {
            return false;
        }

        var offset = CheckpointMagic.Length;
        ackedId = BinaryPrimitives.ReadInt64LittleEndian(bytes[offset..]);
        offset += 8;
        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes[offset..]);
        offset += 4;
        for (var i = 0; i < count; i++)
        {
            if (offset + 1 > bytes.Length - 4)
            {
                return false;
            }

            int length = bytes[offset];
            if (offset + 1 + length + 8 > bytes.Length - 4)
            {
                return false;
            }

            var device = Encoding.ASCII.GetString(bytes.Slice(offset + 1, length));
            offset += 1 + length;
            ackedSeqs[device] = BinaryPrimitives.ReadUInt64LittleEndian(bytes[offset..]);
            offset += 8;
        }

        return offset == bytes.Length - 4 && ackedId >= 0;
    }
}
