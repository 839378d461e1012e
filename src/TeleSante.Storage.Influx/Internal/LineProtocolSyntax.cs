using System.Buffers;
using System.Text.Unicode;

namespace TeleSante.Storage.Influx.Internal;

/// <summary>
/// Escaping and framing rules of InfluxDB 1.x line protocol, checked against influxd 1.6.7
/// (docs.influxdata.com/influxdb/v1.6/write_protocols/line_protocol_reference, "Special
/// characters", and models/points.go, which is the real grammar).
/// </summary>
internal static class LineProtocolSyntax
{
    /// <summary>Largest series key (measurement + tags, escaped) influxd accepts: models.MaxKeyLength.</summary>
    public const int MaxKeyLength = 65535;

    /// <summary>
    /// The separator influxd puts between series key and field key when it checks the key length
    /// (tsm1 fieldKeySeparator, 4 bytes).
    /// </summary>
    public const int FieldKeySeparatorLength = 4;

    // Spec: measurements escape comma and space; tag keys, tag values and field keys escape comma,
    // equals sign and space. Backslash and newline are searched for so they can be validated.
    private static readonly SearchValues<char> MeasurementSearch = SearchValues.Create(", \\\n");
    private static readonly SearchValues<char> KeySearch = SearchValues.Create(",= \\\n");

    // Spec: string field values escape double quote and backslash. Newlines are legal inside the
    // quotes: influxd's scanLine tracks quotes, so they do not end the line.
    private static readonly SearchValues<char> StringFieldSearch = SearchValues.Create("\"\\");

    public enum NameKind
    {
        Measurement,
        TagKey,
        TagValue,
        FieldKey,
    }

    /// <summary>
    /// Escapes <paramref name="text"/> as UTF-8 into <paramref name="destination"/> (at least
    /// 3 bytes per char). Returns bytes written, or -1 with <paramref name="error"/> set.
    /// </summary>
    public static int WriteName(ReadOnlySpan<char> text, NameKind kind, Span<byte> destination, out string? error)
    {
        error = null;
        if (text.IsEmpty)
        {
            // A tag with an empty value is refused by influxd ("missing tag value"); an empty
            // measurement or key cannot be written at all. Omit the tag instead.
            error = "must not be empty";
            return -1;
        }

        if (kind is NameKind.Measurement or NameKind.FieldKey && text[0] is '\t' or '\0')
        {
            // influxd skips leading tabs and NULs of a line and of the field set (skipWhitespace),
            // so the name would silently lose its first character.
            error = "must not start with a tab or NUL character (influxd strips them)";
            return -1;
        }

        if (kind == NameKind.Measurement && text[0] == '#')
        {
            // A line starting with '#' is a comment: influxd would answer 204 and store nothing.
            error = "must not start with '#' (influxd treats the line as a comment and drops it)";
            return -1;
        }

        if (kind is NameKind.TagKey or NameKind.FieldKey && text.SequenceEqual("time"))
        {
            // influxd 1.6: a field named time is silently dropped (or 400 if it is the only
            // field); a tag named time answers 400 "invalid tag key".
            error = "must not be \"time\" (reserved by InfluxDB for the timestamp)";
            return -1;
        }

        var search = kind == NameKind.Measurement ? MeasurementSearch : KeySearch;
        var written = 0;
        var rest = text;
        while (true)
        {
            var hit = rest.IndexOfAny(search);
            var plain = hit < 0 ? rest : rest[..hit];
            if (Utf8.FromUtf16(plain, destination[written..], out _, out var count, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                error = "is not valid UTF-16 (unpaired surrogate)";
                return -1;
            }

            written += count;
            if (hit < 0)
            {
                return written;
            }

            var c = rest[hit];
            if (c == '\n')
            {
                // Spec: line protocol does not support newlines in measurements, keys or tag values.
                error = "must not contain a newline";
                return -1;
            }

            if (c == '\\')
            {
                // A backslash is literal unless it precedes a character the parsers treat as
                // escapable. influxd decides "escaped" by looking only at the previous byte
                // (scanTagsValue, scanMeasurement), its line splitter (scanLine) skips any byte
                // after a backslash, and names are unescaped by pkg/escape which also knows \" and
                // \=. So a backslash before , = space " (or at the end, before the delimiter we
                // write) cannot be written so that it reads back the same; measured on 1.6.7: such
                // a tag key even made influxd merge the next line into this one.
                if (hit + 1 == rest.Length || rest[hit + 1] is ',' or '=' or ' ' or '"')
                {
                    error = "must not contain a backslash at the end or before a comma, equals sign, space or double quote "
                        + "(InfluxDB 1.x line protocol cannot represent it)";
                    return -1;
                }

                destination[written++] = (byte)'\\';
            }
            else
            {
                destination[written++] = (byte)'\\';
                destination[written++] = (byte)c;
            }

            rest = rest[(hit + 1)..];
        }
    }

    /// <summary>
    /// Writes a string field value with its quotes; at least 3 bytes per char + 2. Returns bytes
    /// written or -1 for invalid UTF-16.
    /// </summary>
    public static int WriteStringValue(ReadOnlySpan<char> text, Span<byte> destination)
    {
        destination[0] = (byte)'"';
        var written = 1;
        var rest = text;
        while (true)
        {
            var hit = rest.IndexOfAny(StringFieldSearch);
            var plain = hit < 0 ? rest : rest[..hit];
            if (Utf8.FromUtf16(plain, destination[written..], out _, out var count, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                return -1;
            }

            written += count;
            if (hit < 0)
            {
                destination[written++] = (byte)'"';
                return written;
            }

            destination[written++] = (byte)'\\';
            destination[written++] = (byte)rest[hit];
            rest = rest[(hit + 1)..];
        }
    }

    /// <summary>
    /// Splits a line-protocol payload into lines exactly as influxd 1.x does (models.scanLine):
    /// a backslash skips the next byte, and in the field set a '\n' inside a quoted string value
    /// does not end the line. Blank lines (only spaces, tabs, NULs) are left out, like influxd does.
    /// </summary>
    public static List<Range> SplitLines(ReadOnlySpan<byte> payload)
    {
        var lines = new List<Range>();
        var i = 0;
        while (i < payload.Length)
        {
            var start = i;
            var quoted = false;
            var inFields = false;
            var equals = 0;
            var commas = 0;
            while (i < payload.Length)
            {
                var b = payload[i];
                if (b == '\\')
                {
                    i += 2;
                    continue;
                }

                if (b == ' ')
                {
                    inFields = true;
                }

                if (inFields)
                {
                    if (!quoted && b == '=')
                    {
                        i++;
                        equals++;
                        continue;
                    }

                    if (!quoted && b == ',')
                    {
                        i++;
                        commas++;
                        continue;
                    }

                    // A quote only counts in a field value, i.e. after more '=' than ','.
                    if (b == '"' && equals > commas)
                    {
                        i++;
                        quoted = !quoted;
                        continue;
                    }
                }

                if (b == '\n' && !quoted)
                {
                    break;
                }

                i++;
            }

            var end = Math.Min(i, payload.Length);
            if (payload[start..end].IndexOfAnyExcept((byte)' ', (byte)'\t', (byte)0) >= 0)
            {
                lines.Add(new Range(start, end));
            }

            i = end + 1;
        }

        return lines;
    }
}
