using Microsoft.Extensions.Logging;
using TeleSante.Durability;

namespace TeleSante.SegmentLog.Internal;

/// <summary>The durable "confirmed up to" sequence, replaced atomically (write temp, fsync, rename, fsync directory).</summary>
internal static class CheckpointFile
{
    public static long Read(string directory, ILogger logger)
    {
        var path = Path.Combine(directory, SegmentFormat.CheckpointFileName);
        if (!File.Exists(path))
        {
            return 0;
        }

        // rename(2) replaces the file atomically, so a bad checkpoint is damage, not a torn write. Falling back to 0
        // replays what is still on disk: duplicates downstream are harmless, a skipped record would not be.
        if (SegmentFormat.TryReadCheckpoint(File.ReadAllBytes(path), out var confirmed))
        {
            return confirmed;
        }

        SegmentLogMessages.CheckpointInvalid(logger, path);
        return 0;
    }

    public static void Write(string directory, long confirmedSequence)
    {
        var path = Path.Combine(directory, SegmentFormat.CheckpointFileName);
        var temp = path + SegmentFormat.TempExtension;
        Span<byte> bytes = stackalloc byte[SegmentFormat.CheckpointSize];
        SegmentFormat.WriteCheckpoint(bytes, confirmedSequence);
        using (var handle = File.OpenHandle(temp, FileMode.Create, FileAccess.Write))
        {
            RandomAccess.Write(handle, bytes, 0);
            RandomAccess.FlushToDisk(handle);
        }

        File.Move(temp, path, overwrite: true);
        DirectorySync.Fsync(directory);
    }
}
