using Microsoft.Extensions.Logging;
using TeleSante.Contracts.V1;

namespace TeleSante.StationAgent.Internal;

internal static partial class AgentLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Serial port {Port} open for {DeviceId} at {BaudRate} baud; last seq taken {LastSeq}")]
    public static partial void PortOpened(ILogger logger, string port, string deviceId, int baudRate, ulong lastSeq);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Serial port {Port} ({DeviceId}) unavailable: {Message}; opening again in {Delay}")]
    public static partial void PortFailed(ILogger logger, string port, string deviceId, string message, TimeSpan delay);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Debug, Message = "Took {DeviceId} seq {Seq} as outbox entry {Id}")]
    public static partial void LineTaken(ILogger logger, string deviceId, ulong seq, long id);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Refused a line from {Port} ({DeviceId}): {Reason} {Detail}: {Line}")]
    public static partial void LineRejected(ILogger logger, string port, string deviceId, LineRejectionReason reason, string detail, string line);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error, Message = "Could not keep a refused line from {Port} in the rejected-lines file (it is counted)")]
    public static partial void RejectedLineNotKept(ILogger logger, Exception exception, string port);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Error, Message = "Outbox append failed for {Count} lines from {Port}; they are refused as OutboxFull")]
    public static partial void OutboxAppendFailed(ILogger logger, Exception exception, string port, int count);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Outbox {Directory}: {Pending} entries waiting for the gateway after entry {AckedId}, {Segments} segments")]
    public static partial void OutboxOpened(ILogger logger, string directory, long pending, long ackedId, int segments);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Error, Message = "Outbox {Directory} is full ({SizeBytes} of {MaxBytes} bytes): new serial lines are refused until the gateway takes the backlog")]
    public static partial void OutboxFull(ILogger logger, string directory, long sizeBytes, long maxBytes);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "Outbox has room again ({SizeBytes} of {MaxBytes} bytes)")]
    public static partial void OutboxHasRoom(ILogger logger, long sizeBytes, long maxBytes);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "Old-format outbox segment {Path}: cut a torn tail of {Bytes} bytes after entry {LastId} (a write interrupted by a crash, never taken)")]
    public static partial void TornTailCut(ILogger logger, string path, long bytes, long lastId);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Error, Message = "Old-format outbox segment {Path} is damaged at byte {Offset}: {Bytes} bytes kept aside as .corrupt, entries in them cannot be sent")]
    public static partial void SegmentCorrupt(ILogger logger, string path, long offset, long bytes);

    [LoggerMessage(EventId = 2106, Level = LogLevel.Error, Message = "Outbox checkpoint {Path} is unreadable; everything still on disk will be resent (the gateway answers duplicates)")]
    public static partial void CheckpointInvalid(ILogger logger, string path);

    [LoggerMessage(EventId = 2107, Level = LogLevel.Error, Message = "Outbox checkpoint could not be written; answered entries stay on disk until it can")]
    public static partial void CheckpointFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2108, Level = LogLevel.Information, Message = "Outbox upgraded: {Segments} old-format segments in {LegacyDirectory} ({Entries} entries, ids kept) moved onto the segment log in {LogDirectory}")]
    public static partial void OutboxUpgraded(ILogger logger, string legacyDirectory, int segments, long entries, string logDirectory);

    [LoggerMessage(EventId = 2109, Level = LogLevel.Error, Message = "Outbox entry {Id} passed its CRC but cannot be decoded ({Message}); it cannot be sent and is skipped")]
    public static partial void EntryUndecodable(ILogger logger, long id, string message);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "Gateway stream to {Url} failed: {Message}; {Pending} entries waiting, next attempt in {Delay}")]
    public static partial void StreamFailed(ILogger logger, string url, string message, long pending, TimeSpan delay);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "Gateway refused {DeviceId} seq {Seq} for good: {Reason} {Detail}; kept in the rejected-batches file. Line: {Line}")]
    public static partial void RefusedByGateway(ILogger logger, string deviceId, ulong seq, RejectReason reason, string detail, string line);

    [LoggerMessage(EventId = 2204, Level = LogLevel.Information, Message = "Gateway rate limit: {Message}; {Pending} entries waiting, resending in {Delay}")]
    public static partial void RateLimited(ILogger logger, string message, long pending, TimeSpan delay);

    [LoggerMessage(EventId = 2203, Level = LogLevel.Error, Message = "Gateway {Url} refused the station's credentials (station id {StationId}): {Message}; check Gateway:StationId and Gateway:Token")]
    public static partial void GatewayDenied(ILogger logger, string url, string? stationId, string message);

    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "Station agent: {Status}")]
    public static partial void Status(ILogger logger, string status);
}
