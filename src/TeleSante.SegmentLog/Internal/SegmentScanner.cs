using Microsoft.Win32.SafeHandles;

namespace TeleSante.SegmentLog.Internal;

/// <summary>
/// Validates a segment file record by record. At a record that fails validation it does not give up on the rest of
/// the file: it searches forward, byte by byte, for the next record that validates (resynchronisation), so that one
/// damaged record does not hide the acknowledged records written after it.
/// </summary>
internal static class SegmentScanner
{
    private const int WindowBytes = 1024 * 1024;

    public static SegmentScan Scan(SafeFileHandle handle, long fileLength, long nameSequence)
    {
        using var file = new SegmentFileReader(handle, WindowBytes, ownsHandle: false);
        var runs = new List<RecordRun>();
        if (fileLength < SegmentFormat.SegmentHeaderSize)
        {
            return new SegmentScan(headerValid: false, fileLength, runs);
        }

        // The name is the fallback when the header is damaged; a header that disagrees with it is damaged too.
        var headerValid = file.TryGet(0, SegmentFormat.SegmentHeaderSize, fileLength, out var header)
            && SegmentFormat.TryReadSegmentHeader(header, out var headerSequence)
            && headerSequence == nameSequence;

        long offset = SegmentFormat.SegmentHeaderSize;
        var expected = nameSequence;
        var runStart = offset;
        var runFirst = expected;
        while (true)
        {
            if (offset < fileLength && TryReadRecord(file, offset, fileLength, out var recordLength, out var sequence) && sequence == expected)
            {
                offset += recordLength;
                expected++;
                continue;
            }

            if (offset > runStart)
            {
                runs.Add(new RecordRun(runStart, offset, runFirst, expected - 1));
            }

            if (offset >= fileLength || !TryResynchronise(file, offset, fileLength, expected, out offset, out expected))
            {
                break;
            }

            runStart = offset;
            runFirst = expected;
        }

        return new SegmentScan(headerValid, fileLength, runs);
    }

    private static bool TryReadRecord(SegmentFileReader file, long offset, long limit, out int recordLength, out long sequence)
    {
        recordLength = 0;
        sequence = 0;
        if (!file.TryGet(offset, SegmentFormat.RecordHeaderSize, limit, out var header)
            || !SegmentFormat.TryReadRecordHeader(header, out var payloadLength, out sequence))
        {
            return false;
        }

        recordLength = SegmentFormat.RecordHeaderSize + payloadLength;
        return file.TryGet(offset, recordLength, limit, out var record) && SegmentFormat.VerifyRecord(record);
    }

    private static bool TryResynchronise(SegmentFileReader file, long damaged, long limit, long expected, out long offset, out long sequence)
    {
        for (var candidate = damaged + 1; candidate + SegmentFormat.RecordHeaderSize <= limit; candidate++)
        {
            if (!file.TryGet(candidate, SegmentFormat.RecordHeaderSize, limit, out var header)
                || !SegmentFormat.TryReadRecordHeader(header, out var payloadLength, out var found))
            {
                continue;
            }

            // Records are at least RecordHeaderSize bytes, so between the damage and the candidate there is room for at
            // most (candidate - damaged) / RecordHeaderSize of them. A sequence outside that window cannot be the next
            // record: together with the length bound and the CRC this keeps random bytes from passing for a record.
            var latest = expected + ((candidate - damaged) / SegmentFormat.RecordHeaderSize);
            if (found < expected || found > latest || candidate + SegmentFormat.RecordHeaderSize + payloadLength > limit)
            {
                continue;
            }

            if (TryReadRecord(file, candidate, limit, out _, out _))
            {
                offset = candidate;
                sequence = found;
                return true;
            }
        }

        offset = limit;
        sequence = expected;
        return false;
    }
}
