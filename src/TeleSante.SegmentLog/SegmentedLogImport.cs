using TeleSante.Durability;
using TeleSante.SegmentLog.Internal;

namespace TeleSante.SegmentLog;

/// <summary>
/// Writes records into a log directory that is not open, for upgrades from an older on-disk format: the records keep
/// the sequences they had there, so that whatever the older format's users remembered about them (a checkpoint, an id
/// shown in a log) still holds.
/// </summary>
public static class SegmentedLogImport
{
    /// <summary>
    /// Writes one segment holding <paramref name="payloads"/> with consecutive sequences from
    /// <paramref name="firstSequence"/>, durably (temporary file fsync'd, renamed over any segment of the same name,
    /// directory fsync'd). Idempotent: importing the same records again leaves the same file, so an upgrade
    /// interrupted by a crash is simply repeated.
    /// </summary>
    /// <returns>The path of the segment file.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="firstSequence"/> is not positive, or a payload is
    /// larger than <see cref="SegmentedLogOptions.PayloadCeilingBytes"/>.</exception>
    public static string WriteSegment(string directory, long firstSequence, IReadOnlyList<ReadOnlyMemory<byte>> payloads)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(payloads);
        ArgumentOutOfRangeException.ThrowIfLessThan(firstSequence, 1);
        LogRecovery.EnsureDirectory(directory);

        var path = Path.Combine(directory, SegmentFormat.SegmentFileName(firstSequence));
        var temp = path + SegmentFormat.TempExtension;
        using (var output = File.OpenHandle(temp, FileMode.Create, FileAccess.Write))
        {
            var header = new byte[SegmentFormat.SegmentHeaderSize];
            SegmentFormat.WriteSegmentHeader(header, firstSequence);
            RandomAccess.Write(output, header, 0);
            long offset = header.Length;
            for (var i = 0; i < payloads.Count; i++)
            {
                var payload = payloads[i].Span;
                ArgumentOutOfRangeException.ThrowIfGreaterThan(payload.Length, SegmentFormat.MaxPayloadBytes, nameof(payloads));
                var record = new byte[SegmentFormat.RecordHeaderSize + payload.Length];
                payload.CopyTo(record.AsSpan(SegmentFormat.RecordHeaderSize));
                SegmentFormat.WriteRecordHeader(record, firstSequence + i);
                RandomAccess.Write(output, record, offset);
                offset += record.Length;
            }

            RandomAccess.FlushToDisk(output);
        }

        File.Move(temp, path, overwrite: true);
        DirectorySync.Fsync(directory);
        return path;
    }
}
