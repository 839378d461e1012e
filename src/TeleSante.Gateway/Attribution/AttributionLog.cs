namespace TeleSante.Gateway.Attribution;

internal static partial class AttributionLog
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Attribution:Mode Consultation: {Devices} devices of stations loaded, {Open} with an open consultation")]
    public static partial void Loaded(ILogger logger, int devices, int open);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Reloading stations and open consultations from the clinical store failed; the last table is kept until the next attempt")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Information, Message = "Attribution:Mode Session: readings are filed under the sessions their devices name (test rigs and benches)")]
    public static partial void SessionMode(ILogger logger);
}
