using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;

namespace TeleSante.SegmentLog.Internal;

/// <summary>
/// The on-disk layout, all integers little endian:
/// <code>
/// segment file "{firstSequence:D20}.wal"
///   header  (24 bytes)  [8  magic "TSWALSEG"][u32 version = 1][u64 first sequence][u32 CRC-32 of the previous 20 bytes]
///   record* (16 + n)    [u32 payload length n][u32 CRC-32 of (sequence || payload)][u64 sequence][n bytes payload]
/// checkpoint file "checkpoint"
///   (20 bytes)          [8 magic "TSWALCKP"][u64 confirmed sequence][u32 CRC-32 of the previous 16 bytes]
/// </code>
/// Within a segment sequences are consecutive, starting at the header's first sequence (which the file name repeats,
/// so a damaged header can still be placed). The CRC covers the bytes [8, 16 + n) of a record, which are contiguous.
/// </summary>
internal static class SegmentFormat
{
    public const int SegmentHeaderSize = 24;
    public const int RecordHeaderSize = 16;
    public const int CheckpointSize = 20;
    public const uint Version = 1;

    // A hard ceiling independent of SegmentedLogOptions.MaxRecordBytes: lowering the option must never turn records already
    // acknowledged under a larger limit into "corruption" at the next start.
    public const int MaxPayloadBytes = 1 << 30;

    public const string SegmentExtension = ".wal";
    public const string QuarantineExtension = ".corrupt";
    public const string TempExtension = ".tmp";
    public const string CheckpointFileName = "checkpoint";
    public const string LockFileName = "lock";

    private const int SequenceDigits = 20;

    private static ReadOnlySpan<byte> SegmentMagic => "TSWALSEG"u8;

    private static ReadOnlySpan<byte> CheckpointMagic => "TSWALCKP"u8;

    public static string SegmentFileName(long firstSequence) =>
        firstSequence.ToString("D20", CultureInfo.InvariantCulture) + SegmentExtension;

    public static bool TryParseSegmentFileName(string fileName, out long firstSequence)
    {
        firstSequence = 0;
        return fileName.Length == SequenceDigits + SegmentExtension.Length
            && fileName.EndsWith(SegmentExtension, StringComparison.Ordinal)
            && long.TryParse(fileName.AsSpan(0, SequenceDigits), NumberStyles.None, CultureInfo.InvariantCulture, out firstSequence)
            && firstSequence > 0;
    }

    public static void WriteSegmentHeader(Span<byte> header, long firstSequence)
    {
        SegmentMagic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Version);
        BinaryPrimitives.WriteInt64LittleEndian(header[12..], firstSequence);
        BinaryPrimitives.WriteUInt32LittleEndian(header[20..], Crc32.HashToUInt32(header[..20]));
    }

    public static bool TryReadSegmentHeader(ReadOnlySpan<byte> header, out long firstSequence)
    {
        firstSequence = 0;
        if (header.Length < SegmentHeaderSize
            || !header[..8].SequenceEqual(SegmentMagic)
            || BinaryPrimitives.ReadUInt32LittleEndian(header[8..]) != Version
            || BinaryPrimitives.ReadUInt32LittleEndian(header[20..]) != Crc32.HashToUInt32(header[..20]))
        {
            return false;
        }

        firstSequence = BinaryPrimitives.ReadInt64LittleEndian(header[12..]);
        return firstSequence > 0;
    }

    /// <summary>Fills the 16-byte header of <paramref name="record"/>, whose payload is already in place after it.</summary>
    public static void WriteRecordHeader(Span<byte> record, long sequence)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(record, (uint)(record.Length - RecordHeaderSize));
        BinaryPrimitives.WriteInt64LittleEndian(record[8..], sequence);
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], Crc32.HashToUInt32(record[8..]));
    }

    /// <summary>Decodes a record header; false when the length cannot be a record's.</summary>
    public static bool TryReadRecordHeader(ReadOnlySpan<byte> header, out int payloadLength, out long sequence)
    {
        var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        sequence = BinaryPrimitives.ReadInt64LittleEndian(header[8..]);
        payloadLength = (int)Math.Min(length, int.MaxValue);
        return length <= MaxPayloadBytes && sequence > 0;
    }

    /// <summary>True when the CRC stored in <paramref name="record"/> (header and payload) matches its content.</summary>
    public static bool VerifyRecord(ReadOnlySpan<byte> record) =>
        BinaryPrimitives.ReadUInt32LittleEndian(record[4..]) == Crc32.HashToUInt32(record[8..]);

    public static void WriteCheckpoint(Span<byte> checkpoint, long confirmedSequence)
    {
        CheckpointMagic.CopyTo(checkpoint);
        BinaryPrimitives.WriteInt64LittleEndian(checkpoint[8..], confirmedSequence);
        BinaryPrimitives.WriteUInt32LittleEndian(checkpoint[16..], Crc32.HashToUInt32(checkpoint[..16]));
    }

    public static bool TryReadCheckpoint(ReadOnlySpan<byte> checkpoint, out long confirmedSequence)
    {
        confirmedSequence = 0;
        if (checkpoint.Length != CheckpointSize
            || !checkpoint[..8].SequenceEqual(CheckpointMagic)
            || BinaryPrimitives.ReadUInt32LittleEndian(checkpoint[16..]) != Crc32.HashToUInt32(checkpoint[..16]))
        {
            return false;
        }

        confirmedSequence = BinaryPrimitives.ReadInt64LittleEndian(checkpoint[8..]);
        return confirmedSequence >= 0;
    }
}
