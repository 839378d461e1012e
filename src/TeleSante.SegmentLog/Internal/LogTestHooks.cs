namespace TeleSante.SegmentLog.Internal;

/// <summary>Seams for tests only: disk conditions that cannot be produced on demand on a real filesystem.</summary>
internal sealed class LogTestHooks
{
    /// <summary>Replaces the statvfs probe of free bytes on the log's filesystem.</summary>
    public Func<long>? FreeDiskBytes { get; init; }

    /// <summary>Runs on the writer just before a group's fsync, with the segment path; throwing simulates a failed fsync.</summary>
    public Action<string>? BeforeFsync { get; init; }
}
