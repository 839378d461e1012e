namespace TeleSante.Gateway.LiveView;

/// <summary>What the hub and its filter log (the engine's own events are in TeleSante.LiveView's LiveViewLog; ids share the 4000 range).</summary>
internal static partial class LiveViewHubLog
{
    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Viewer {ConnectionId} ({User}) refused {Action} on session {SessionId}")]
    public static partial void Refused(ILogger logger, string connectionId, string user, string action, string sessionId);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Viewer {ConnectionId} replays session {SessionId} from {FromMs} to {ToMs} (Unix ms)")]
    public static partial void ReplayStarted(ILogger logger, string connectionId, string sessionId, long fromMs, long toMs);

    [LoggerMessage(EventId = 4018, Level = LogLevel.Error, Message = "Hub method {Method} of viewer {ConnectionId} failed")]
    public static partial void InvocationFailed(ILogger logger, Exception exception, string method, string connectionId);

    [LoggerMessage(EventId = 4019, Level = LogLevel.Information, Message = "Viewer {ConnectionId}: {Method} refused: {Reason}")]
    public static partial void InvocationRefused(ILogger logger, string connectionId, string method, string reason);
}
