using Microsoft.Extensions.Logging;
using TeleSante.Contracts.V1;

namespace TeleSante.Ingestion;

internal static partial class IngestionLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Rejected batch from {DeviceId} seq {Seq} over {Transport}: {Reason} {Detail}")]
    public static partial void Rejected(ILogger logger, string? deviceId, ulong? seq, string transport, RejectReason reason, string detail);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Write-ahead log full ({SizeBytes} bytes): refusing batch from {DeviceId} seq {Seq}")]
    public static partial void StorageFull(ILogger logger, string deviceId, ulong seq, long sizeBytes);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Write-ahead log append failed for {DeviceId} seq {Seq}")]
    public static partial void AppendFailed(ILogger logger, Exception exception, string deviceId, ulong seq);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Error, Message = "Observer {Observer} failed on an accepted batch")]
    public static partial void ObserverFailed(ILogger logger, Exception exception, string observer);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Storage write failed ({Outcome} {Status}): {Message}; retrying in {Delay}")]
    public static partial void InfluxRetry(ILogger logger, string outcome, int status, string message, TimeSpan delay);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Storage reachable again after {Failures} failed attempts")]
    public static partial void InfluxRecovered(ILogger logger, int failures);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Error, Message = "Storage refused part of {DeviceId} seq {Seq}: {Message}; kept as dead letter")]
    public static partial void LineRefused(ILogger logger, string? deviceId, ulong? seq, string message);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Error, Message = "Write-ahead log record {Sequence} is unreadable; kept as dead letter")]
    public static partial void UnreadableRecord(ILogger logger, Exception exception, long sequence);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Information, Message = "Replaying write-ahead log: {Records} unforwarded records after sequence {Confirmed}")]
    public static partial void Replaying(ILogger logger, long records, long confirmed);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "Dead-letter retention deleted {Letters} dead letters ({Bytes} bytes) of device {DeviceId}, reason {Reason}: older than {MaxAge}")]
    public static partial void DeadLettersPurgedForAge(ILogger logger, long letters, long bytes, string? deviceId, string reason, TimeSpan maxAge);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Dead-letter retention deleted {Letters} dead letters ({Bytes} bytes) of device {DeviceId}, reason {Reason}, received {First:O} .. {Last:O}: the store exceeded {MaxTotalBytes} bytes (refused input arrives faster than the budget keeps)")]
    public static partial void DeadLettersPurgedForSize(ILogger logger, long letters, long bytes, string? deviceId, string reason, DateTimeOffset first, DateTimeOffset last, long maxTotalBytes);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Error, Message = "Dead-letter retention failed; retrying at the next interval")]
    public static partial void DeadLetterRetentionFailed(ILogger logger, Exception exception);
}
