using Microsoft.Extensions.Logging;

namespace TeleSante.Analysis.Service;

internal static partial class AnalysisLog
{
    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "ECG analysis started: {Workers} worker(s), queue {Capacity}, AF model {Model}, beat model {BeatModel}")]
    public static partial void Started(ILogger logger, int workers, int capacity, string model, string beatModel);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "ECG analysis queue full: batch {Seq} of {DeviceId} (session {SessionId}) is stored but not analysed ({Skipped} skipped so far)")]
    public static partial void Skipped(ILogger logger, ulong seq, string deviceId, string sessionId, long skipped);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Error, Message = "ECG analysis of batch {Seq} of {DeviceId} (session {SessionId}) failed; the batch is stored, its span is marked not analysed")]
    public static partial void Failed(ILogger logger, Exception exception, ulong seq, string deviceId, string sessionId);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "Analysis results not stored yet ({Outcome}, HTTP {Status}): {Message}; retrying in {Delay}")]
    public static partial void StoreRetry(ILogger logger, string outcome, int status, string? message, TimeSpan delay);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Error, Message = "The store refused an analysis point: {Message} ({Line})")]
    public static partial void StoreRefused(ILogger logger, string? message, string line);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Debug, Message = "ECG stream {DeviceId} of session {SessionId} idle, finished")]
    public static partial void Evicted(ILogger logger, string deviceId, string sessionId);
}
