using Microsoft.Win32.SafeHandles;

namespace TeleSante.SegmentLog.Internal;

/// <summary>
/// Walks the durable records of the catalog in sequence order, one segment file at a time. It reads a segment only
/// up to its published durable length, moves on once the segment is sealed, and survives the deletion of segments
/// it has finished (an open file stays readable after unlink; a deleted one it has not reached only held confirmed
/// records, so it is skipped).
/// </summary>
internal sealed class RecordCursor(SegmentCatalog catalog, long afterSequence) : IDisposable
{
    private const int WindowBytes = 256 * 1024;

    private SegmentInfo? _segment;
    private SegmentFileReader? _file;
    private long _offset;
    private long _next = afterSequence + 1;

    public bool TryRead(out LogRecord record)
    {
        while (true)
        {
            if (_segment is null)
            {
                var candidate = catalog.LastSequence >= _next ? catalog.Locate(_next) : null;
                if (candidate is null)
                {
                    record = default;
                    return false;
                }

                if (!TryOpen(candidate))
                {
                    continue;
                }
            }

            var segment = _segment!;
            var durable = segment.Length;
            if (_file!.TryGet(_offset, SegmentFormat.RecordHeaderSize, durable, out var header))
            {
                if (!SegmentFormat.TryReadRecordHeader(header, out var payloadLength, out var sequence)
                    || !_file.TryGet(_offset, SegmentFormat.RecordHeaderSize + payloadLength, durable, out var bytes)
                    || !SegmentFormat.VerifyRecord(bytes))
                {
                    // These bytes were fsync'd and validated: the disk changed them since. Handing them on (or guessing
                    // past them) would forward garbage or lose data silently; stop and let an operator look.
                    throw new InvalidDataException($"Log segment {segment.Path} is damaged at offset {_offset} (after sequence {_next - 1}); restart the process to quarantine it.");
                }

                _offset += bytes.Length;
                if (sequence < _next)
                {
                    continue;
                }

                _next = sequence + 1;
                record = new LogRecord(sequence, bytes[SegmentFormat.RecordHeaderSize..].ToArray());
                return true;
            }

            if (!catalog.IsSealed(segment))
            {
                record = default;
                return false; // the writer may still add to it
            }

            if (_offset < segment.Length)
            {
                continue; // it grew between the read above and its sealing
            }

            CloseSegment();
        }
    }

    public void Dispose() => CloseSegment();

    private bool TryOpen(SegmentInfo candidate)
    {
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(candidate.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (FileNotFoundException) when (!catalog.Contains(candidate))
        {
            // Confirmed and deleted between the lookup and the open: look up again.
            return false;
        }

        _file = new SegmentFileReader(handle, WindowBytes, ownsHandle: true);
        _segment = candidate;
        _offset = SegmentFormat.SegmentHeaderSize;
        return true;
    }

    private void CloseSegment()
    {
        _file?.Dispose();
        _file = null;
        _segment = null;
    }
}
