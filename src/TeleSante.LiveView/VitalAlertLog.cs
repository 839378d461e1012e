namespace TeleSante.LiveView;

/// <summary>What the vitals alerts log (ids 4040-4059 of the live view's 4000 range).</summary>
internal static partial class VitalAlertLog
{
    [LoggerMessage(EventId = 4040, Level = LogLevel.Warning, Message = "Vitals alert queue full ({Queued} readings): further readings wait in the overflow queue (none is dropped) until the evaluator catches up")]
    public static partial void QueueFull(ILogger logger, int queued);

    [LoggerMessage(EventId = 4041, Level = LogLevel.Information, Message = "Vitals alert {AlertId} ({RefId} {Value} {Unit}) raised for session {SessionId}, device {DeviceId}")]
    public static partial void Raised(ILogger logger, string alertId, string refId, double value, string unit, string sessionId, string deviceId);

    [LoggerMessage(EventId = 4042, Level = LogLevel.Error, Message = "Vitals alerts of a batch of {Readings} readings ({Raised} raised) could not be made durable (stored: {Stored}); retrying in {DelayMs} ms")]
    public static partial void Failed(ILogger logger, Exception exception, int readings, int raised, bool stored, int delayMs);

    [LoggerMessage(EventId = 4043, Level = LogLevel.Information, Message = "Vitals alert {AlertId} of session {SessionId} acknowledged by {Practitioner}")]
    public static partial void Acknowledged(ILogger logger, string alertId, string sessionId, string practitioner);

    [LoggerMessage(EventId = 4044, Level = LogLevel.Warning, Message = "Vitals alert {AlertId} could not be pushed to viewer {ConnectionId}")]
    public static partial void PushFailed(ILogger logger, Exception exception, string alertId, string connectionId);

    [LoggerMessage(EventId = 4045, Level = LogLevel.Warning, Message = "Vitals alerts relay on Redis channel {Channel} failed; viewers of other gateways see this gateway's alerts when they join")]
    public static partial void RelayFailed(ILogger logger, Exception exception, string channel);

    [LoggerMessage(EventId = 4046, Level = LogLevel.Warning, Message = "Vitals alert {AlertId} could not be published to the other gateways; their viewers see it when they join")]
    public static partial void RelayPublishFailed(ILogger logger, Exception exception, string alertId);
}
