namespace TeleSante.LiveView;

internal static partial class LiveViewLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Viewer {ConnectionId} joined session {SessionId}: {HistoryFrames} history frames ({FromStorage} from storage)")]
    public static partial void Joined(ILogger logger, string connectionId, string sessionId, int historyFrames, int fromStorage);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Viewer {ConnectionId} left session {SessionId}: {Sent} frames sent, {Dropped} dropped")]
    public static partial void Left(ILogger logger, string connectionId, string sessionId, long sent, long dropped);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Viewer {ConnectionId} of session {SessionId} could not keep up: {Dropped} frames dropped ({Total} since it joined)")]
    public static partial void ViewerBehind(ILogger logger, string connectionId, string sessionId, int dropped, long total);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "History of session {SessionId} could not be read from storage; the viewer joins with what memory holds")]
    public static partial void HistoryUnavailable(ILogger logger, Exception exception, string sessionId);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Error, Message = "Replay of session {SessionId} failed")]
    public static partial void ReplayFailed(ILogger logger, Exception exception, string sessionId);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Warning, Message = "LiveView:AllowAnonymousForDevelopment is on and no access policy is registered: every viewer may see every session")]
    public static partial void AnonymousAccessEnabled(ILogger logger);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Warning, Message = "Sending to viewer {ConnectionId} of session {SessionId} failed; its frames were dropped until it left")]
    public static partial void PumpFailed(ILogger logger, Exception exception, string connectionId, string sessionId);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Information, Message = "Live view relay through Redis {Endpoints}, channel {Channel}: frames of devices streaming into other gateways are shown here too")]
    public static partial void RelayStarting(ILogger logger, string endpoints, string channel);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "Live view relay lost its Redis {ConnectionType} connection to {Endpoint} ({FailureType}): viewers here miss other gateways' frames, and theirs this gateway's, until it is back; ingestion is not affected")]
    public static partial void RelayConnectionFailed(ILogger logger, Exception? exception, string connectionType, string endpoint, string failureType);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Information, Message = "Live view relay restored its Redis {ConnectionType} connection to {Endpoint}")]
    public static partial void RelayConnectionRestored(ILogger logger, string connectionType, string endpoint);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Warning, Message = "Live view relay could not subscribe to {Channel}; retrying")]
    public static partial void RelaySubscribeFailed(ILogger logger, Exception exception, string channel);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Warning, Message = "Live view relay dropped an unreadable message from channel {Channel} ({Bytes} bytes)")]
    public static partial void RelayMessageInvalid(ILogger logger, Exception? exception, string channel, int bytes);

    [LoggerMessage(EventId = 4015, Level = LogLevel.Warning, Message = "Live view relay is not publishing: {Dropped} frames of this gateway were not sent to the other gateways so far")]
    public static partial void RelayNotPublishing(ILogger logger, Exception? exception, long dropped);

    [LoggerMessage(EventId = 4016, Level = LogLevel.Warning, Message = "Live view relay cannot reach Redis {Endpoints} yet; it keeps trying (ingestion and this gateway's own viewers are not affected)")]
    public static partial void RelayUnreachableAtStart(ILogger logger, string endpoints);

    [LoggerMessage(EventId = 4017, Level = LogLevel.Information, Message = "Viewer {ConnectionId} ({User}) of session {SessionId} was cut off: {Reason}")]
    public static partial void Revoked(ILogger logger, string connectionId, string user, string sessionId, string reason);
}
