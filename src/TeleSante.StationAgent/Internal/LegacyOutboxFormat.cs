using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;

namespace TeleSante.StationAgent.Internal;

/// <summary>
/// The outbox's own segment layout before it moved onto the shared segment log (agents released before issue 10),
/// read once at start-up to upgrade an existing outbox (<see cref="LegacyOutboxUpgrade"/>); never written any more.
/// All integers little-endian:
/// <code>
/// segment = "TSAGOB01" record*                     file segments/{first id:D20}.seg
/// record  = u32 payload-length, u64 id, payload, u32 CRC-32 (IEEE 802.3) of length, id and payload
/// </code>
/// The payload is the one the outbox still writes (<see cref="OutboxFormat.EncodePayload"/>).
/// </summary>
internal static class LegacyOutboxFormat
{
    public const int SegmentHeaderSize = 8;
    public const int RecordHeaderSize = 12;
    public const int RecordTrailerSize = 4;
    public const int RecordOverhead = RecordHeaderSize + RecordTrailerSize;
    public const string SegmentExtension = ".seg";
    public const string SegmentsDirectoryName = "segments";

    public static ReadOnlySpan<byte> SegmentMagic => "TSAGOB01"u8;

    public static bool TryParseSegmentFileName(string fileName, out long firstId)
    {
        firstId = 0;
        return fileName.Length == 20 + SegmentExtension.Length &&
               fileName.EndsWith(SegmentExtension, StringComparison.Ordinal) &&
               long.TryParse(fileName.AsSpan(0, 20), NumberStyles.None, CultureInfo.InvariantCulture, out firstId) &&
               firstId > 0;
    }

    public static int RecordSize(int payloadLength) => RecordOverhead + payloadLength;

    /// <summary>Reads the record header: its payload length, or -1 when the length cannot be a record's.</summary>
    public static int PayloadLength(ReadOnlySpan<byte> header)
    {
        var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        return length is 0 or > OutboxFormat.MaxPayloadBytes ? -1 : (int)length;
    }

    public static long RecordId(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadInt64LittleEndian(header[4..]);

    /// <summary>True when <paramref name="record"/> (header, payload and CRC) is intact.</summary>
    public static bool CrcMatches(ReadOnlySpan<byte> record)
    {
        var covered = record[..^RecordTrailerSize];
        return Crc32.HashToUInt32(covered) == BinaryPrimitives.ReadUInt32LittleEndian(record[^RecordTrailerSize..]);
    }
}
