namespace TeleSante.Storage.Influx.Internal;

/// <summary>Maps HTTP statuses of the 1.x API to what the caller should do.</summary>
internal static class StatusClassifier
{
    public static StoreOutcome Classify(int statusCode) => statusCode switch
    {
        >= 200 and < 300 => StoreOutcome.Ok,

        // 400: unparsable lines, field type conflicts, points outside the retention policy; a
        // partial write stored the rest. 413: body over max-body-size, nothing stored, but
        // resending line by line (the BadRequest path) fixes it.
        400 or 413 => StoreOutcome.BadRequest,

        // 408 request timeout, 429 too many requests (2.x/3.x and proxies), 5xx: retry later.
        408 or 429 or >= 500 => StoreOutcome.Transient,

        // 401/403 credentials, 404 database not found, anything else: configuration.
        _ => StoreOutcome.Fatal,
    };
}
