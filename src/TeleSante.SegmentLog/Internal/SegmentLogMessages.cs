using Microsoft.Extensions.Logging;
using TeleSante.Durability;

namespace TeleSante.SegmentLog.Internal;

/// <summary>Log messages of the segment log (the gateway's write-ahead log and the station agent's outbox log through the logger each passes in). Event ids 1200-1299, kept from when this was the gateway's WAL alone.</summary>
internal static partial class SegmentLogMessages
{
    [LoggerMessage(EventId = 1200, EventName = "SegmentLogOpened", Level = LogLevel.Information,
        Message = "Segment log opened in {Directory}: {SegmentCount} segments, {SizeBytes} bytes, last sequence {LastSequence}, confirmed {ConfirmedSequence}, recovery took {ElapsedMs} ms")]
    public static partial void Opened(ILogger logger, string directory, int segmentCount, long sizeBytes, long lastSequence, long confirmedSequence, long elapsedMs);

    [LoggerMessage(EventId = 1201, EventName = "SegmentLogTornTailTruncated", Level = LogLevel.Warning,
        Message = "Last log segment {Segment} ends with {Bytes} bytes of a write that was never fsync'd (hence never acknowledged); truncated at offset {Offset}")]
    public static partial void TornTailTruncated(ILogger logger, string segment, long offset, long bytes);

    [LoggerMessage(EventId = 1202, EventName = "SegmentLogIncompleteSegmentDeleted", Level = LogLevel.Warning,
        Message = "Last log segment {Segment} ({Bytes} bytes) has no valid header and no record: its creation was interrupted; deleted")]
    public static partial void IncompleteSegmentDeleted(ILogger logger, string segment, long bytes);

    [LoggerMessage(EventId = 1203, EventName = "SegmentLogSegmentCorrupt", Level = LogLevel.Error,
        Message = "Log segment {Segment} is corrupt: {InvalidBytes} bytes from offset {Offset} fail validation. Original kept as {Quarantine}; {Runs} runs of valid records ({Records} records, sequences {FirstSequence}-{LastSequence}) were resynchronised into live segments and will be replayed")]
    public static partial void SegmentCorrupt(ILogger logger, string segment, long invalidBytes, long offset, string quarantine, int runs, long records, long firstSequence, long lastSequence);

    [LoggerMessage(EventId = 1204, EventName = "SegmentLogSegmentOutOfOrder", Level = LogLevel.Error,
        Message = "Log segment {Segment} starts at sequence {FirstSequence}, not after the previous segment's last sequence {PreviousSequence}; moved aside as {Quarantine}")]
    public static partial void SegmentOutOfOrder(ILogger logger, string segment, long firstSequence, long previousSequence, string quarantine);

    [LoggerMessage(EventId = 1205, EventName = "SegmentLogCheckpointInvalid", Level = LogLevel.Error,
        Message = "Log checkpoint {Path} is unreadable; every record still on disk will be replayed (duplicates downstream, no loss)")]
    public static partial void CheckpointInvalid(ILogger logger, string path);

    [LoggerMessage(EventId = 1206, EventName = "SegmentLogSegmentCreated", Level = LogLevel.Debug,
        Message = "Log segment {Segment} created")]
    public static partial void SegmentCreated(ILogger logger, string segment);

    [LoggerMessage(EventId = 1207, EventName = "SegmentLogSegmentsDeleted", Level = LogLevel.Debug,
        Message = "{Count} confirmed log segments deleted (confirmed up to {ConfirmedSequence})")]
    public static partial void SegmentsDeleted(ILogger logger, int count, long confirmedSequence);

    [LoggerMessage(EventId = 1208, EventName = "SegmentLogSegmentDeleteFailed", Level = LogLevel.Warning,
        Message = "Confirmed log segment {Segment} could not be deleted; will retry")]
    public static partial void SegmentDeleteFailed(ILogger logger, string segment, Exception exception);

    [LoggerMessage(EventId = 1209, EventName = "SegmentLogWriteFailed", Level = LogLevel.Error,
        Message = "Writing or fsyncing {Records} records to log segment {Segment} failed; they are not acknowledged and the segment is closed at its last durable length {DurableLength}")]
    public static partial void WriteFailed(ILogger logger, string segment, int records, long durableLength, Exception exception);

    [LoggerMessage(EventId = 1210, EventName = "SegmentLogTruncateAfterFailureFailed", Level = LogLevel.Error,
        Message = "Log segment {Segment} could not be cut back to {DurableLength} bytes after a failed write; the unacknowledged bytes may be replayed after a restart")]
    public static partial void TruncateAfterFailureFailed(ILogger logger, string segment, long durableLength, Exception exception);

    [LoggerMessage(EventId = 1211, EventName = "SegmentLogSegmentCreationFailed", Level = LogLevel.Error,
        Message = "Creating log segment {Segment} failed; {Records} appends are refused with the error")]
    public static partial void SegmentCreationFailed(ILogger logger, string segment, int records, Exception exception);

    [LoggerMessage(EventId = 1212, EventName = "SegmentLogSlowFsync", Level = LogLevel.Warning,
        Message = "fsync of {Records} records ({Bytes} bytes) to log segment {Segment} took {ElapsedMs} ms")]
    public static partial void SlowFsync(ILogger logger, string segment, int records, long bytes, long elapsedMs);

    [LoggerMessage(EventId = 1213, EventName = "SegmentLogFull", Level = LogLevel.Warning,
        Message = "Segment log full: {SizeBytes} of {BudgetBytes} budget bytes used, {FreeBytes} bytes free on disk (floor {MinFreeBytes}); appends are refused until space is freed")]
    public static partial void Full(ILogger logger, long sizeBytes, long budgetBytes, long freeBytes, long minFreeBytes);

    [LoggerMessage(EventId = 1214, EventName = "SegmentLogCapacityAvailable", Level = LogLevel.Information,
        Message = "Segment log accepts appends again: {SizeBytes} of {BudgetBytes} budget bytes used")]
    public static partial void CapacityAvailable(ILogger logger, long sizeBytes, long budgetBytes);

    [LoggerMessage(EventId = 1215, EventName = "SegmentLogFreeSpaceProbeFailed", Level = LogLevel.Warning,
        Message = "Free space of the log's filesystem cannot be read; only the disk budget is enforced")]
    public static partial void FreeSpaceProbeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1216, EventName = "SegmentLogWriterLoopFailed", Level = LogLevel.Critical,
        Message = "Unexpected failure in the segment log writer loop; the affected appends are failed")]
    public static partial void WriterLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 1217, EventName = "SegmentLogClosed", Level = LogLevel.Information,
        Message = "Segment log closed: last sequence {LastSequence}, confirmed {ConfirmedSequence}")]
    public static partial void Closed(ILogger logger, long lastSequence, long confirmedSequence);

    [LoggerMessage(EventId = 1218, EventName = "SegmentLogTempFileDeleted", Level = LogLevel.Debug,
        Message = "Leftover temporary file {Path} of an interrupted write deleted")]
    public static partial void TempFileDeleted(ILogger logger, string path);

    [LoggerMessage(EventId = 1219, EventName = "SegmentLogDirectorySyncFailed", Level = LogLevel.Warning,
        Message = "fsync of log directory {Directory} after deleting segments failed; they may reappear after a crash and will then be deleted again")]
    public static partial void DirectorySyncFailed(ILogger logger, string directory, Exception exception);
}
