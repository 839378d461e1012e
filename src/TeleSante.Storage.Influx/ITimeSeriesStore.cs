namespace TeleSante.Storage.Influx;

/// <summary>
/// The time-series database as the pipeline sees it: write line protocol, read with InfluxQL.
/// Timestamps are always nanoseconds since the Unix epoch (writes use precision=ns, reads epoch=ns).
/// Implementations do not retry: the caller owns retry and back-pressure.
/// </summary>
public interface ITimeSeriesStore
{
    /// <summary>
    /// Writes a batch of line protocol (e.g. <see cref="LineProtocolBuilder.Written"/>). Never
    /// throws for server or network failures: they come back as <see cref="StoreWriteResult"/>.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled
    /// (a request timeout is a <see cref="StoreOutcome.Transient"/> result instead).</exception>
    ValueTask<StoreWriteResult> WriteAsync(ReadOnlyMemory<byte> lineProtocol, CancellationToken cancellationToken);

    /// <summary>
    /// Runs InfluxQL (build literals with <see cref="InfluxQl"/>, never by concatenating raw
    /// input). Several statements separated by ';' return the series of all, in order.
    /// </summary>
    /// <exception cref="InfluxQueryException">The query failed (see its Outcome).</exception>
    Task<IReadOnlyList<QuerySeries>> QueryAsync(string influxQl, CancellationToken cancellationToken);

    /// <summary>Checks the server is up. Never throws for server or network failures.</summary>
    Task<StoreHealth> PingAsync(CancellationToken cancellationToken);

    /// <summary>Creates the configured database if it does not exist (idempotent).</summary>
    /// <exception cref="InfluxQueryException">The server refused or could not be reached.</exception>
    Task EnsureDatabaseAsync(CancellationToken cancellationToken);
}
