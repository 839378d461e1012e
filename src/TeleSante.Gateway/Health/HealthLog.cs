namespace TeleSante.Gateway.Health;

internal static partial class HealthLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Health check could not count dead letters")]
    public static partial void DeadLetterCountFailed(ILogger logger, Exception exception);
}
