namespace TeleSante.Storage;

/// <summary>
/// The store cannot answer now: unreachable, timed out, overloaded, or refusing the gateway's
/// configuration (credentials, missing database). The one failure type of the storage ports, so no
/// caller knows which database is behind them. Writers retry; readers answer "unavailable" (503).
/// </summary>
public sealed class StorageUnavailableException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What failed, with the store's own words.</param>
    /// <param name="cause">A short classification for logs, e.g. <c>Transient</c> or <c>Fatal</c>.</param>
    /// <param name="statusCode">The store's status code (HTTP for InfluxDB), 0 when none arrived.</param>
    /// <param name="innerException">The store client's exception, if any.</param>
    public StorageUnavailableException(string message, string cause, int statusCode, Exception? innerException = null)
        : base(message, innerException)
    {
        Cause = cause;
        StatusCode = statusCode;
    }

    /// <summary>A short classification for logs: <c>Transient</c> (retry will do) or <c>Fatal</c>
    /// (someone must fix a configuration; still retried).</summary>
    public string Cause { get; }

    /// <summary>The store's status code, 0 when no answer arrived.</summary>
    public int StatusCode { get; }
}
