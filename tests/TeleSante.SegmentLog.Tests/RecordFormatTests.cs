using TeleSante.SegmentLog.Internal;

namespace TeleSante.SegmentLog.Tests;

public sealed class RecordFormatTests
{
    /// <summary>Moved here from the station agent's outbox tests when the outbox adopted this log's records.</summary>
    [Fact]
    public void Every_single_bit_flip_in_a_record_is_caught()
    {
        byte[] payload = [.. Enumerable.Range(0, 90).Select(i => (byte)(i * 7))];
        var record = new byte[SegmentFormat.RecordHeaderSize + payload.Length];
        payload.CopyTo(record, SegmentFormat.RecordHeaderSize);
        SegmentFormat.WriteRecordHeader(record, 9);
        Reads(record).Should().Be((9L, payload.Length));

        for (var i = 0; i < record.Length; i++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                var damaged = (byte[])record.Clone();
                damaged[i] ^= (byte)(1 << bit);
                Reads(damaged).Should().BeNull($"a flip of bit {bit} of byte {i} must be caught");
            }
        }
    }

    /// <summary>What a reader does with the bytes at a record's offset: the header says how long it is, the CRC
    /// then covers the sequence and that many payload bytes.</summary>
    private static (long Sequence, int PayloadLength)? Reads(byte[] bytes)
    {
        if (!SegmentFormat.TryReadRecordHeader(bytes, out var payloadLength, out var sequence)
            || SegmentFormat.RecordHeaderSize + payloadLength > bytes.Length
            || !SegmentFormat.VerifyRecord(bytes.AsSpan(0, SegmentFormat.RecordHeaderSize + payloadLength)))
        {
            return null;
        }

        return (sequence, payloadLength);
    }
}
