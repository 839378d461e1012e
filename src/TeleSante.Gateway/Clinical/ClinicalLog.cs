namespace TeleSante.Gateway.Clinical;

/// <summary>What the clinical feature logs (ids 5100–5199). Never a patient's identity: ids only.</summary>
internal static partial class ClinicalLog
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Live notification of request {RequestId} ({Action}) failed")]
    public static partial void NotificationFailed(ILogger logger, Exception exception, string requestId, string action);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "Expired {Count} tele-expertise requests nobody accepted in time")]
    public static partial void Expired(ILogger logger, int count);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "The tele-expertise expiry sweep failed; it runs again in {Interval}")]
    public static partial void SweepFailed(ILogger logger, Exception exception, TimeSpan interval);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "The ECG proposals of request {RequestId} could not be computed; stored as not computed")]
    public static partial void ProposalsFailed(ILogger logger, Exception exception, string requestId);
}
