namespace TeleSante.Storage.Influx;

/// <summary>The result of one <see cref="ITimeSeriesStore.WriteAsync"/>.</summary>
/// <param name="Outcome">What to do next; see <see cref="StoreOutcome"/>.</param>
/// <param name="StatusCode">HTTP status, or 0 when no response arrived (timeout, connection refused).</param>
/// <param name="Message">InfluxDB's error text (e.g. <c>partial write: field type conflict: … dropped=1</c>)
/// or the transport error; null on success. Truncated to a few KiB.</param>
public readonly record struct StoreWriteResult(StoreOutcome Outcome, int StatusCode, string? Message)
{
    /// <summary>True when every line is stored.</summary>
    public bool IsSuccess => Outcome == StoreOutcome.Ok;
}
