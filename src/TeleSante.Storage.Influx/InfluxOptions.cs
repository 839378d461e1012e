using System.ComponentModel.DataAnnotations;

namespace TeleSante.Storage.Influx;

/// <summary>
/// Where and how to reach InfluxDB. Bind with
/// <c>AddOptions&lt;InfluxOptions&gt;().BindConfiguration(InfluxOptions.SectionName).ValidateDataAnnotations().ValidateOnStart()</c>.
/// </summary>
public sealed class InfluxOptions : IValidatableObject
{
    /// <summary>Configuration section: <c>Influx</c>.</summary>
    public const string SectionName = "Influx";

    /// <summary>Base URL of the HTTP API, absolute http or https, e.g. <c>http://127.0.0.1:8086/</c>.
    /// A path prefix (reverse proxy) is kept. Required.</summary>
    [Required]
    public Uri? Url { get; set; }

    /// <summary>Database to write to and query by default. Default <c>telesante</c>.</summary>
    [Required]
    public string Database { get; set; } = "telesante";

    /// <summary>User for HTTP Basic auth (1.x with <c>auth-enabled = true</c>). Default none.</summary>
    public string? Username { get; set; }

    /// <summary>Password for <see cref="Username"/>. Default none.</summary>
    public string? Password { get; set; }

    /// <summary>
    /// Token sent as <c>Authorization: Token …</c>, for the v1-compatible API of InfluxDB 2.x/3.x.
    /// Not supported by 1.x. Exclusive with <see cref="Username"/>. Default none.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>Retention policy for writes and queries (<c>rp=</c>); the database's default when
    /// null. Default none.</summary>
    public string? RetentionPolicy { get; set; }

    /// <summary>Compress writes (<c>Content-Encoding: gzip</c>, fastest level): line protocol
    /// shrinks 5–10×. Bodies under <see cref="InfluxV1Store.MinGzipBytes"/> are sent as they are.
    /// Default true.</summary>
    public bool Gzip { get; set; } = true;

    /// <summary>Per-request timeout for writes, queries and pings; an expired write is a
    /// <see cref="StoreOutcome.Transient"/> result. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Pipeline: a write buffer (<see cref="InfluxReadingSink"/>) is full at this many lines. Default 5,000 (InfluxData's recommended
    /// batch size for 1.x).</summary>
    [Range(1, 1_000_000)]
    public int MaxBatchLines { get; set; } = 5_000;

    /// <summary>Pipeline: a write buffer is full at this many uncompressed bytes. Default 4 MiB; at most
    /// 25 MB, influxd's default <c>max-body-size</c> (413 above it).</summary>
    [Range(1_024, 25_000_000)]
    public int MaxBatchBytes { get; set; } = 4 * 1024 * 1024;

    // Influx:MaxConcurrentWrites and Influx:FlushInterval are the forwarder's policy, not the client's:
    // TeleSante.Ingestion.ForwarderOptions binds them from this same section.

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Url is { } url && (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)))
        {
            yield return new ValidationResult($"Url must be an absolute http or https URL, not '{url}'.", [nameof(Url)]);
        }

        if (string.IsNullOrWhiteSpace(Database))
        {
            yield return new ValidationResult("Database must not be empty.", [nameof(Database)]);
        }

        else if (Database.AsSpan().IndexOfAny('/', '\\') >= 0 || Database is "." or ".." || Database.Any(char.IsControl))
        {
            // influxd's meta.ValidName: printable, no slash or backslash, not "." or "..".
            yield return new ValidationResult("Database must be printable and contain no '/' or '\\'.", [nameof(Database)]);
        }

        if (RetentionPolicy is not null && string.IsNullOrWhiteSpace(RetentionPolicy))
        {
            yield return new ValidationResult("RetentionPolicy must be null or a name.", [nameof(RetentionPolicy)]);
        }

        if (string.IsNullOrEmpty(Username) != string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult("Username and Password go together.", [nameof(Username), nameof(Password)]);
        }

        if (!string.IsNullOrEmpty(Token) && !string.IsNullOrEmpty(Username))
        {
            yield return new ValidationResult("Use either Token or Username/Password, not both.", [nameof(Token), nameof(Username)]);
        }
    }
}
