namespace TeleSante.Gateway.LiveView;

internal static partial class LiveViewLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Viewer {ConnectionId} joined session {SessionId}: {HistoryFrames} history frames ({FromStorage} from storage)")]
    public static partial void Joined(ILogger logger, string connectionId, string sessionId, int historyFrames, int fromStorage);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Viewer {ConnectionId} left session {SessionId}: {Sent} frames sent, {Dropped} dropped")]
    public static partial void Left(ILogger logger, string connectionId, string sessionId, long sent, long dropped);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Viewer {ConnectionId} ({User}) refused {Action} on session {SessionId}")]
    public static partial void Refused(ILogger logger, string connectionId, string user, string action, string sessionId);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Viewer {ConnectionId} of session {SessionId} could not keep up: {Dropped} frames dropped ({Total} since it joined)")]
    public static partial void ViewerBehind(ILogger logger, string connectionId, string sessionId, int dropped, long total);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "History of session {SessionId} could not be read from storage; the viewer joins with what memory holds")]
    public static partial void HistoryUnavailable(ILogger logger, Exception exception, string sessionId);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Viewer {ConnectionId} replays session {SessionId} from {FromMs} to {ToMs} (Unix ms)")]
    public static partial void ReplayStarted(ILogger logger, string connectionId, string sessionId, long fromMs, long toMs);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Error, Message = "Replay of session {SessionId} failed")]
    public static partial void ReplayFailed(ILogger logger, Exception exception, string sessionId);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Warning, Message = "LiveView:AllowAnonymousForDevelopment is on and no access policy is registered: every viewer may see every session")]
    public static partial void AnonymousAccessEnabled(ILogger logger);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Warning, Message = "Sending to viewer {ConnectionId} of session {SessionId} failed; its frames were dropped until it left")]
    public static partial void PumpFailed(ILogger logger, Exception exception, string connectionId, string sessionId);
}
