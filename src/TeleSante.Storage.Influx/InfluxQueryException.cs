namespace TeleSante.Storage.Influx;

/// <summary>
/// A query failed: InfluxDB reported an error (top-level, or in a statement's result, e.g.
/// <c>database not found</c>, which 1.x answers with HTTP 200), answered with an error status, or
/// could not be reached.
/// </summary>
public sealed class InfluxQueryException : Exception
{
    /// <summary>Creates the exception with everything a caller may branch on.</summary>
    public InfluxQueryException(string message, StoreOutcome outcome, int statusCode, int? statementId, Exception? innerException)
        : base(message, innerException)
    {
        Outcome = outcome;
        StatusCode = statusCode;
        StatementId = statementId;
    }

    /// <summary><see cref="StoreOutcome.BadRequest"/> for an error in the query or its result,
    /// <see cref="StoreOutcome.Transient"/> for timeouts, connection failures, 5xx, 429, and
    /// <see cref="StoreOutcome.Fatal"/> for 401/403/404 and other 4xx.</summary>
    public StoreOutcome Outcome { get; }

    /// <summary>HTTP status, or 0 when no response arrived.</summary>
    public int StatusCode { get; }

    /// <summary>The statement (0-based, in query order) whose result carried the error, if any.</summary>
    public int? StatementId { get; }
}
