namespace TeleSante.Gateway.Mqtt;

internal static partial class MqttLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Embedded MQTT broker listening on {Address}:{Port}")]
    public static partial void EmbeddedStarted(ILogger logger, string address, int port);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Subscribed to {Filter} at external broker {Host}:{Port}")]
    public static partial void ExternalSubscribed(ILogger logger, string filter, string host, int port);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "External broker {Host}:{Port} unreachable or disconnected; retrying in {Delay}")]
    public static partial void ExternalRetry(ILogger logger, Exception? exception, string host, int port, TimeSpan delay);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Storage full: closing MQTT 3.1.1 connection of {ClientId} without PUBACK so it resends later")]
    public static partial void ClosingForBackpressure(ILogger logger, string clientId);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Error, Message = "MQTT message on {Topic} could not be processed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string topic);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Debug, Message = "MQTT {Action} by {DeviceId} on {Topic} refused: not its own topic")]
    public static partial void TopicRefused(ILogger logger, string deviceId, string action, string topic);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Warning, Message = "MQTT client {ClientId} used topic alias {Alias} above the maximum {Maximum} (Mqtt:TopicAliasMaximum): disconnected with 0x94")]
    public static partial void TopicAliasRefused(ILogger logger, string clientId, int alias, int maximum);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "MQTT session of client {ClientId} expired after {Expiry} disconnected (Mqtt:SessionExpiry)")]
    public static partial void SessionExpired(ILogger logger, string clientId, TimeSpan expiry);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Warning, Message = "MQTT session expiry sweep failed; retried at the next one")]
    public static partial void SessionSweepFailed(ILogger logger, Exception exception);
}
