namespace TeleSante.Storage.Influx;

/// <summary>What a write (or a failed query) means for the caller's retry logic.</summary>
public enum StoreOutcome
{
    /// <summary>2xx: every line is stored.</summary>
    Ok,

    /// <summary>
    /// 400 (or 413, body too large): InfluxDB refused some or all lines. In 1.x a "partial write"
    /// 400 HAS stored the good lines, so resending the whole batch is wrong: resend line by line
    /// (<see cref="LineProtocolBuilder.Lines"/>) and set aside the lines refused alone. Writing a
    /// line twice is harmless (same series, field and time overwrite).
    /// </summary>
    BadRequest,

    /// <summary>5xx, 429, timeout, connection refused or reset: nothing is known to be stored;
    /// retry the same payload later.</summary>
    Transient,

    /// <summary>401, 403, 404 (database not found) or another 4xx: a configuration problem. Retry
    /// later (someone may fix it) but alert loudly.</summary>
    Fatal,
}
