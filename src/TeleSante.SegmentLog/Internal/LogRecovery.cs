using System.Buffers;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using TeleSante.Durability;

namespace TeleSante.SegmentLog.Internal;

/// <summary>
/// Start-up: validates every segment and brings the directory back to a state where every segment is clean.
/// <list type="bullet">
/// <item>Torn tail of the last segment (valid records, then bytes with no valid record after them): the final group
/// was never fsync'd, hence never acknowledged. The file is truncated after the last valid record (warning).</item>
/// <item>Last segment without a valid header nor any record: its creation was interrupted. Deleted (warning).</item>
/// <item>Anything else (damage followed by valid records, a damaged header, damage in a sealed segment): the whole
/// original file is copied to "*.corrupt" as evidence, every run of valid records (found by resynchronisation) is
/// rewritten as a segment of its own named after its first sequence, then the original goes (error). The valid
/// records after the damage are therefore replayed, not skipped; only the damaged bytes are lost, and they stay in
/// the quarantine file for an operator. A copy rather than a rename keeps the original intact until the rebuilt
/// segments are durable, so a crash during the repair only means the next start repeats it.</item>
/// </list>
/// IO errors (an unreadable disk) propagate: the log cannot be opened safely.
/// </summary>
internal static class LogRecovery
{
    private const int CopyBufferBytes = 1024 * 1024;

    public static void EnsureDirectory(string directory)
    {
        if (Directory.Exists(directory))
        {
            return;
        }

        _ = Directory.CreateDirectory(directory);
        var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(directory));
        if (parent is not null)
        {
            DirectorySync.Fsync(parent);
        }
    }

    public static RecoveredState Recover(string directory, TimeProvider timeProvider, ILogger logger)
    {
        DeleteTempFiles(directory, logger);
        var confirmed = CheckpointFile.Read(directory, logger);
        var files = ListSegmentFiles(directory);

        var segments = new List<SegmentInfo>();
        var highWater = confirmed; // highest sequence that may ever have been handed out
        for (var i = 0; i < files.Count; i++)
        {
            var (path, nameSequence) = files[i];
            highWater = Math.Max(highWater, nameSequence - 1);
            foreach (var segment in RecoverSegment(path, nameSequence, isLast: i == files.Count - 1, files, timeProvider, logger))
            {
                var previous = segments.Count > 0 ? segments[^1].LastSequence : 0;
                if (segment.FirstSequence <= previous)
                {
                    var aside = QuarantinePath(segment.Path, timeProvider);
                    File.Move(segment.Path, aside, overwrite: true);
                    DirectorySync.Fsync(directory);
                    SegmentLogMessages.SegmentOutOfOrder(logger, segment.Path, segment.FirstSequence, previous, aside);
                    continue;
                }

                segments.Add(segment);
                highWater = Math.Max(highWater, segment.LastSequence);
            }
        }

        DeleteConfirmedSegments(directory, segments, confirmed, logger);
        var lastSequence = Math.Max(confirmed, segments.Where(s => s.LastSequence >= s.FirstSequence).Select(s => s.LastSequence).DefaultIfEmpty(0).Max());
        return new RecoveredState(segments, lastSequence, Math.Max(highWater, lastSequence) + 1, confirmed);
    }

    private static List<SegmentInfo> RecoverSegment(
        string path, long nameSequence, bool isLast, List<(string Path, long Sequence)> files, TimeProvider timeProvider, ILogger logger)
    {
        SegmentScan scan;
        using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read))
        {
            var length = RandomAccess.GetLength(handle);
            scan = SegmentScanner.Scan(handle, length, nameSequence);
            if (scan.IsClean)
            {
                return [PrefixSegment(path, nameSequence, scan)];
            }

            if (isLast && scan.IsTornTail)
            {
                RandomAccess.SetLength(handle, scan.ValidPrefixEnd);
                RandomAccess.FlushToDisk(handle);
                SegmentLogMessages.TornTailTruncated(logger, path, scan.ValidPrefixEnd, length - scan.ValidPrefixEnd);
                return [PrefixSegment(path, nameSequence, scan)];
            }
        }

        if (isLast && !scan.HeaderValid && scan.Runs.Count == 0)
        {
            File.Delete(path);
            DirectorySync.Fsync(Path.GetDirectoryName(path)!);
            SegmentLogMessages.IncompleteSegmentDeleted(logger, path, scan.FileLength);
            return [];
        }

        return Quarantine(path, scan, files, timeProvider, logger);
    }

    private static SegmentInfo PrefixSegment(string path, long nameSequence, SegmentScan scan) =>
        new(path, nameSequence, scan.ValidPrefixEnd > SegmentFormat.SegmentHeaderSize ? scan.Runs[0].LastSequence : nameSequence - 1, scan.ValidPrefixEnd);

    private static List<SegmentInfo> Quarantine(
        string path, SegmentScan scan, List<(string Path, long Sequence)> files, TimeProvider timeProvider, ILogger logger)
    {
        var directory = Path.GetDirectoryName(path)!;
        var evidence = QuarantinePath(path, timeProvider);
        File.Copy(path, evidence, overwrite: true);
        using (var copy = File.OpenHandle(evidence, FileMode.Open, FileAccess.ReadWrite))
        {
            RandomAccess.FlushToDisk(copy);
        }

        var rebuilt = new List<SegmentInfo>(scan.Runs.Count);
        RecordRun? ownRun = null;
        using (var source = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete))
        {
            // The runs after the damage first, each as a segment of its own. Until the original is replaced or deleted
            // below it still holds every run, so a crash part-way leaves a directory from which the next start simply
            // repeats the repair.
            for (var r = scan.Runs.Count - 1; r >= 0; r--)
            {
                var run = scan.Runs[r];
                var target = Path.Combine(directory, SegmentFormat.SegmentFileName(run.FirstSequence));
                if (string.Equals(target, path, StringComparison.Ordinal))
                {
                    ownRun = run;
                    continue;
                }

                // A file of that name can only be this run, extracted by a repair that a crash interrupted: it is
                // rewritten now from the same bytes, so it must not also be recovered on its own.
                _ = files.RemoveAll(f => string.Equals(f.Path, target, StringComparison.Ordinal));
                WriteRunSegment(source, run, target);
                rebuilt.Add(new SegmentInfo(target, run.FirstSequence, run.LastSequence, SegmentFormat.SegmentHeaderSize + run.Bytes));
            }

            // The evidence copy and the extracted segments must be durable names before the original goes.
            DirectorySync.Fsync(directory);
            if (ownRun is { } own)
            {
                WriteRunSegment(source, own, path); // atomically replaces the original (rename over it)
                rebuilt.Add(new SegmentInfo(path, own.FirstSequence, own.LastSequence, SegmentFormat.SegmentHeaderSize + own.Bytes));
            }
        }

        if (ownRun is null)
        {
            File.Delete(path);
        }

        DirectorySync.Fsync(directory);
        rebuilt.Reverse();
        SegmentLogMessages.SegmentCorrupt(
            logger,
            path,
            scan.InvalidBytes,
            scan.FirstInvalidOffset,
            evidence,
            rebuilt.Count,
            scan.RecordCount,
            rebuilt.Count > 0 ? rebuilt[0].FirstSequence : 0,
            rebuilt.Count > 0 ? rebuilt[^1].LastSequence : 0);
        return rebuilt;
    }

    private static void WriteRunSegment(SafeFileHandle source, RecordRun run, string target)
    {
        var temp = target + SegmentFormat.TempExtension;
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferBytes);
        try
        {
            using (var output = File.OpenHandle(temp, FileMode.Create, FileAccess.Write))
            {
                SegmentFormat.WriteSegmentHeader(buffer, run.FirstSequence);
                RandomAccess.Write(output, buffer.AsSpan(0, SegmentFormat.SegmentHeaderSize), 0);
                for (long copied = 0; copied < run.Bytes;)
                {
                    var read = RandomAccess.Read(source, buffer.AsSpan(0, (int)Math.Min(buffer.Length, run.Bytes - copied)), run.Start + copied);
                    if (read == 0)
                    {
                        throw new EndOfStreamException($"Segment shrank while its records were being copied to {target}.");
                    }

                    RandomAccess.Write(output, buffer.AsSpan(0, read), SegmentFormat.SegmentHeaderSize + copied);
                    copied += read;
                }

                RandomAccess.FlushToDisk(output);
            }

            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void DeleteConfirmedSegments(string directory, List<SegmentInfo> segments, long confirmed, ILogger logger)
    {
        // A crash between writing the checkpoint and deleting the segments it covers leaves them behind; the last
        // segment stays, it is where appends continue and its name keeps the sequence numbering going.
        var deleted = 0;
        while (segments.Count > 1 && segments[0].LastSequence <= confirmed)
        {
            File.Delete(segments[0].Path);
            segments.RemoveAt(0);
            deleted++;
        }

        if (deleted > 0)
        {
            DirectorySync.Fsync(directory);
            SegmentLogMessages.SegmentsDeleted(logger, deleted, confirmed);
        }
    }

    private static void DeleteTempFiles(string directory, ILogger logger)
    {
        foreach (var temp in Directory.EnumerateFiles(directory, "*" + SegmentFormat.TempExtension))
        {
            File.Delete(temp);
            SegmentLogMessages.TempFileDeleted(logger, temp);
        }
    }

    private static List<(string Path, long Sequence)> ListSegmentFiles(string directory)
    {
        var files = new List<(string Path, long Sequence)>();
        foreach (var path in Directory.EnumerateFiles(directory, "*" + SegmentFormat.SegmentExtension))
        {
            var name = Path.GetFileName(path);
            if (SegmentFormat.TryParseSegmentFileName(name, out var sequence))
            {
                files.Add((Path.Combine(directory, name), sequence));
            }
        }

        files.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return files;
    }

    private static string QuarantinePath(string path, TimeProvider timeProvider) =>
        string.Create(CultureInfo.InvariantCulture, $"{path}.{timeProvider.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}{SegmentFormat.QuarantineExtension}");
}
