using Microsoft.Extensions.Logging;

namespace TeleSante.Storage.Influx.Internal;

/// <summary>Log messages of the InfluxDB store (event ids 1xxx). No interpolation on the write path.</summary>
internal static partial class InfluxLog
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning,
        Message = "InfluxDB refused part or all of a {Bytes}-byte write ({StatusCode}); in 1.x the good lines of a partial write are stored: {Error}")]
    public static partial void WriteRefused(ILogger logger, int bytes, int statusCode, string error);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning,
        Message = "InfluxDB write of {Bytes} bytes failed transiently ({StatusCode}), to be retried: {Error}")]
    public static partial void WriteTransient(ILogger logger, int bytes, int statusCode, string error);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error,
        Message = "InfluxDB write failed with {StatusCode}: check Influx:Url, Database and credentials. Data is NOT stored: {Error}")]
    public static partial void WriteFatal(ILogger logger, int statusCode, string error);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning,
        Message = "InfluxDB query failed ({Outcome}, {StatusCode}): {Error}")]
    public static partial void QueryFailed(ILogger logger, StoreOutcome outcome, int statusCode, string error);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug,
        Message = "InfluxDB ping to {Url} failed: {Error}")]
    public static partial void PingFailed(ILogger logger, Uri url, string error);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information,
        Message = "InfluxDB database {Database} is ready at {Url}")]
    public static partial void DatabaseEnsured(ILogger logger, string database, Uri url);
}
