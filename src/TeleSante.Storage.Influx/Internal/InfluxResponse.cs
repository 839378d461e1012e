using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace TeleSante.Storage.Influx.Internal;

/// <summary>Reads InfluxDB 1.x HTTP responses: error bodies, and (chunked) query results.</summary>
internal static class InfluxResponse
{
    /// <summary>Error texts are for logs and results: a partial write echoes every bad line, so cap them.</summary>
    public const int MaxErrorChars = 4_096;

    private const int MaxErrorBodyBytes = 16 * 1024;

    /// <summary>The error InfluxDB reported: the JSON body's <c>error</c>, else the
    /// <c>X-Influxdb-Error</c> header, else the body text, else the reason phrase.</summary>
    public static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[MaxErrorBodyBytes];
                var read = 0;
                int count;
                while (read < buffer.Length && (count = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    read += count;
                }

                body = Encoding.UTF8.GetString(buffer, 0, read);
                if (TryGetError(buffer.AsSpan(0, read), out var jsonError))
                {
                    return Truncate(jsonError);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException)
        {
            // The status already says what happened; the body is a nicety. A cancelled caller is
            // told so by its own token after this returns.
            body = "";
        }

        if (response.Headers.TryGetValues("X-Influxdb-Error", out var values) && values.FirstOrDefault() is { Length: > 0 } header)
        {
            return Truncate(header);
        }

        return Truncate(body.Length > 0 ? body.Trim() : $"{(int)response.StatusCode} {response.ReasonPhrase}");
    }

    /// <summary>
    /// Reads a /query response: one JSON document, or with chunked=true several documents back to
    /// back (newline separated), each holding at most chunk_size rows of a series and
    /// <c>partial: true</c> when that series continues in the next chunk. Each document is
    /// parsed once into its own JsonDocument, so memory is the result itself, not the text.
    /// </summary>
    public static async Task<List<QuerySeries>> ReadSeriesAsync(Stream stream, int statusCode, CancellationToken cancellationToken)
    {
        var result = new List<QuerySeries>();
        List<QueryRow>? continuing = null;
        var chunks = System.Text.Json.JsonSerializer.DeserializeAsyncEnumerable(
            stream, InfluxJsonContext.Default.JsonElement, topLevelValues: true, cancellationToken);
        await foreach (var chunk in chunks.ConfigureAwait(false))
        {
            if (chunk.ValueKind != JsonValueKind.Object)
            {
                throw new JsonException($"Expected a JSON object from /query, got {chunk.ValueKind}.");
            }

            if (chunk.TryGetProperty("error", out var topError))
            {
                throw new InfluxQueryException(Truncate(topError.ToString()), StoreOutcome.BadRequest, statusCode, null, null);
            }

            if (!chunk.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var statement in results.EnumerateArray())
            {
                var statementId = statement.TryGetProperty("statement_id", out var id) && id.ValueKind == JsonValueKind.Number ? id.GetInt32() : 0;
                if (statement.TryGetProperty("error", out var error))
                {
                    throw new InfluxQueryException(Truncate(error.ToString()), StoreOutcome.BadRequest, statusCode, statementId, null);
                }

                if (!statement.TryGetProperty("series", out var seriesArray) || seriesArray.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var series in seriesArray.EnumerateArray())
                {
                    continuing = AddSeries(result, continuing, statementId, series);
                }
            }
        }

        return result;
    }

    private static List<QueryRow>? AddSeries(List<QuerySeries> result, List<QueryRow>? continuing, int statementId, JsonElement series)
    {
        var name = series.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "";
        var tags = ReadTags(series);
        List<QueryRow> rows;
        if (continuing is not null && result.Count > 0 && IsSameSeries(result[^1], statementId, name, tags))
        {
            rows = continuing;
        }
        else
        {
            var columns = series.TryGetProperty("columns", out var c) && c.ValueKind == JsonValueKind.Array
                ? c.EnumerateArray().Select(column => column.GetString() ?? "").ToArray()
                : [];
            rows = [];
            result.Add(new QuerySeries(statementId, name, tags, columns, rows));
        }

        if (series.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Array)
        {
            rows.EnsureCapacity(rows.Count + values.GetArrayLength());
            foreach (var row in values.EnumerateArray())
            {
                rows.Add(new QueryRow(row));
            }
        }

        // Only a series flagged partial continues in the next chunk.
        return series.TryGetProperty("partial", out var partial) && partial.ValueKind == JsonValueKind.True ? rows : null;
    }

    private static Dictionary<string, string>? ReadTags(JsonElement series)
    {
        if (!series.TryGetProperty("tags", out var tags) || tags.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var dictionary = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var tag in tags.EnumerateObject())
        {
            dictionary[tag.Name] = tag.Value.GetString() ?? "";
        }

        return dictionary;
    }

    private static bool IsSameSeries(QuerySeries previous, int statementId, string name, Dictionary<string, string>? tags)
    {
        if (previous.StatementId != statementId || previous.Name != name || previous.Tags.Count != (tags?.Count ?? 0))
        {
            return false;
        }

        foreach (var (key, value) in previous.Tags)
        {
            if (tags is null || !tags.TryGetValue(key, out var other) || other != value)
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryGetError(ReadOnlySpan<byte> body, out string error)
    {
        error = "";
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var value)
                && value.ValueKind == JsonValueKind.String)
            {
                error = value.GetString() ?? "";
                return error.Length > 0;
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, or a body cut at MaxErrorBodyBytes): use the fallbacks.
        }

        return false;
    }

    public static string Truncate(string text)
        => text.Length <= MaxErrorChars ? text : string.Concat(text.AsSpan(0, MaxErrorChars), "… (truncated)");

    internal static MediaTypeHeaderValue LineProtocolMediaType() => new("text/plain") { CharSet = "utf-8" };
}
