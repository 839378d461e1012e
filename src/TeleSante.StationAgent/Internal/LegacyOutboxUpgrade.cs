using Google.Protobuf;
using Microsoft.Extensions.Logging;
using TeleSante.Durability;
using TeleSante.SegmentLog;

namespace TeleSante.StationAgent.Internal;

/// <summary>
/// Moves an outbox written by an agent released before issue 10 (<c>segments/*.seg</c>,
/// <see cref="LegacyOutboxFormat"/>) onto the shared segment log in <c>log/</c>, keeping every entry's id, so that
/// the checkpoint (acked id, last seq per device) goes on meaning the same thing. It applies the old recovery rules
/// while reading: a torn tail of the newest segment (a write its crash cut, never reported as taken) is left behind
/// with a warning; damage in an older segment keeps the damaged bytes aside as <c>.corrupt</c> and is reported as an
/// error. The old files are deleted only once every converted segment is durable, and converting is idempotent (each
/// old segment becomes the log segment of the same first id), so a crash part-way means the next start repeats it.
/// Runs before the log is opened, under the outbox's lock.
/// </summary>
internal static class LegacyOutboxUpgrade
{
    public static void RunIfNeeded(string outboxDirectory, string logDirectory, ILogger logger)
    {
        var legacyDirectory = Path.Combine(outboxDirectory, LegacyOutboxFormat.SegmentsDirectoryName);
        if (!Directory.Exists(legacyDirectory))
        {
            return;
        }

        var files = Directory.EnumerateFiles(legacyDirectory)
            .Select(path => (Path: path, Ok: LegacyOutboxFormat.TryParseSegmentFileName(Path.GetFileName(path), out var first), First: first))
            .Where(f => f.Ok)
            .OrderBy(f => f.First)
            .ToList();
        long entries = 0;
        for (var i = 0; i < files.Count; i++)
        {
            var (path, _, firstId) = files[i];
            var newest = i == files.Count - 1;
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length < LegacyOutboxFormat.SegmentHeaderSize || !bytes.AsSpan(0, LegacyOutboxFormat.SegmentHeaderSize).SequenceEqual(LegacyOutboxFormat.SegmentMagic))
            {
                // No valid header: a creation cut by a crash (nothing in it was ever taken), or not an outbox file.
                if (!newest || bytes.Length >= LegacyOutboxFormat.SegmentHeaderSize)
                {
                    KeepAside(logDirectory, path, 0, bytes);
                    AgentLog.SegmentCorrupt(logger, path, 0, bytes.Length);
                }

                continue;
            }

            var payloads = ValidPrefix(bytes, firstId, out var validEnd);
            if (validEnd < bytes.Length)
            {
                if (newest)
                {
                    AgentLog.TornTailCut(logger, path, bytes.Length - validEnd, firstId + payloads.Count - 1);
                }
                else
                {
                    KeepAside(logDirectory, path, validEnd, bytes);
                    AgentLog.SegmentCorrupt(logger, path, validEnd, bytes.Length - validEnd);
                }
            }

            // An empty newest segment still goes over: its name carries the next id.
            if (payloads.Count > 0 || newest)
            {
                SegmentedLogImport.WriteSegment(logDirectory, firstId, payloads);
                entries += payloads.Count;
            }
        }

        foreach (var (path, _, _) in files)
        {
            File.Delete(path);
        }

        Directory.Delete(legacyDirectory, recursive: true);
        DirectorySync.Fsync(outboxDirectory);
        AgentLog.OutboxUpgraded(logger, legacyDirectory, files.Count, entries, logDirectory);
    }

    /// <summary>The payloads of the records that follow the header with consecutive ids and intact CRCs.</summary>
    private static List<ReadOnlyMemory<byte>> ValidPrefix(byte[] bytes, long firstId, out long validEnd)
    {
        var payloads = new List<ReadOnlyMemory<byte>>();
        var offset = LegacyOutboxFormat.SegmentHeaderSize;
        var expectedId = firstId;
        while (offset + LegacyOutboxFormat.RecordOverhead <= bytes.Length)
        {
            var header = bytes.AsSpan(offset, LegacyOutboxFormat.RecordHeaderSize);
            var payloadLength = LegacyOutboxFormat.PayloadLength(header);
            if (payloadLength < 0 || LegacyOutboxFormat.RecordId(header) != expectedId || offset + LegacyOutboxFormat.RecordSize(payloadLength) > bytes.Length)
            {
                break;
            }

            var record = bytes.AsMemory(offset, LegacyOutboxFormat.RecordSize(payloadLength));
            if (!LegacyOutboxFormat.CrcMatches(record.Span))
            {
                break;
            }

            var payload = record.Slice(LegacyOutboxFormat.RecordHeaderSize, payloadLength);
            try
            {
                _ = OutboxFormat.DecodePayload(expectedId, payload.Span);
            }
            catch (Exception ex) when (ex is InvalidDataException or InvalidProtocolBufferException)
            {
                break;
            }

            payloads.Add(payload);
            expectedId++;
            offset += record.Length;
        }

        validEnd = offset;
        return payloads;
    }

    private static void KeepAside(string logDirectory, string path, long offset, byte[] bytes)
    {
        Directory.CreateDirectory(logDirectory);
        File.WriteAllBytes(Path.Combine(logDirectory, $"{Path.GetFileName(path)}.{offset}.corrupt"), bytes[(int)offset..]);
    }
}
