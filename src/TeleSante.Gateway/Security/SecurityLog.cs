namespace TeleSante.Gateway.Security;

internal static partial class SecurityLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Device authentication is DISABLED (Security:DeviceAuthentication=false): any client may send readings. Test benches only.")]
    public static partial void DeviceAuthenticationDisabled(ILogger logger);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Device {DeviceId} refused: {Reason}")]
    public static partial void DeviceRefused(ILogger logger, string deviceId, string reason);
}
