namespace TeleSante.Gateway.Screening;

internal static partial class ScreeningLog
{
    [LoggerMessage(EventId = 5401, Level = LogLevel.Warning, Message = "Fundus image {ImageId} was stored but not recorded in screening visit {VisitId}: {Detail}")]
    public static partial void CaptureNotRecorded(ILogger logger, long imageId, string visitId, string detail);

    [LoggerMessage(EventId = 5402, Level = LogLevel.Warning, Message = "Live worklist notification of screening visit {VisitId} failed")]
    public static partial void NotificationFailed(ILogger logger, Exception exception, string visitId);
}
