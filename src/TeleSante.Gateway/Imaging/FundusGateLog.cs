using TeleSante.Imaging;

namespace TeleSante.Gateway.Imaging;

internal static partial class FundusGateLog
{
    [LoggerMessage(EventId = 5301, Level = LogLevel.Information, Message = "Fundus image {ImageId} of session {SessionId} ({Eye} {Field}) is ungradable: {Reasons}")]
    public static partial void Ungradable(ILogger logger, long imageId, string sessionId, EyeLaterality eye, RetinalField field, string reasons);

    [LoggerMessage(EventId = 5302, Level = LogLevel.Warning, Message = "Fundus image {ImageId} passed the probe but could not be decoded for the quality gate: {Problem}")]
    public static partial void Undecodable(ILogger logger, long imageId, string problem);
}
