using System.Globalization;
using TeleSante.Storage.Influx.Internal;
using static TeleSante.Storage.Influx.Internal.LineProtocolSyntax;

namespace TeleSante.Storage.Influx;

/// <summary>
/// Builds a batch of InfluxDB 1.x line protocol (UTF-8) in a pooled, growable buffer:
/// <c>Measurement(..).Tag(..).Field(..).Timestamp(..)</c> per point, then send <see cref="Written"/>.
/// </summary>
/// <remarks>
/// <para>Escaping follows the 1.x line-protocol reference exactly: measurements escape comma and
/// space; tag keys, tag values and field keys escape comma, equals sign and space; string field
/// values escape double quote and backslash.</para>
/// <para>Anything influxd would refuse, silently drop or read back differently is refused here with
/// an <see cref="ArgumentException"/> (NaN/±∞, empty names, empty tag values, newlines in names or
/// tag values, unpaired surrogates, a backslash that cannot round-trip, the reserved key
/// <c>time</c>, duplicate keys, a point without fields, timestamps outside influxd's range, keys
/// over 64 KiB). Call-order mistakes throw <see cref="InvalidOperationException"/>. Either way the
/// point being built is discarded and the points already ended stay intact, so a caller may catch,
/// count the bad reading and carry on.</para>
/// <para>Tags are written in the order given. InfluxDB sorts them itself, but documents that giving
/// them sorted by key (ordinal byte order) is faster for it: do so on hot paths.</para>
/// <para>Not thread-safe. <see cref="Written"/> and <see cref="Lines"/> are views over the
/// internal buffer: valid until the next call that writes, <see cref="Reset"/> or
/// <see cref="Dispose"/>.</para>
/// </remarks>
public sealed class LineProtocolBuilder : IDisposable
{
    /// <summary>Earliest timestamp influxd 1.x accepts (models.MinNanoTime), in ns since the Unix epoch.</summary>
    public const long MinTimestamp = long.MinValue + 2;

    /// <summary>Latest timestamp influxd 1.x accepts (models.MaxNanoTime), in ns since the Unix epoch.</summary>
    public const long MaxTimestamp = long.MaxValue - 1;

    private readonly PooledByteBuffer _buffer;
    private readonly List<Range> _lines = [];

    // Escaped keys of the open point, as (offset, length) into the buffer, to catch duplicates:
    // influxd refuses duplicate tags but keeps only the last of duplicate fields, silently.
    private readonly List<(int Start, int Length)> _tagKeys = [];
    private readonly List<(int Start, int Length)> _fieldKeys = [];

    private State _state;
    private int _pointStart;
    private int _seriesKeyLength;

    /// <summary>Creates a builder whose buffer starts at <paramref name="initialCapacity"/> bytes and grows as needed.</summary>
    public LineProtocolBuilder(int initialCapacity = 64 * 1024)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(initialCapacity);
        _buffer = new PooledByteBuffer(initialCapacity);
    }

    private enum State
    {
        BetweenPoints,
        Tags,
        Fields,
    }

    /// <summary>The ended points, each terminated by '\n'. The open point, if any, is not included.</summary>
    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory[..EndedLength];

    /// <summary>Bytes of the ended points (<see cref="Written"/>.Length).</summary>
    public int Length => EndedLength;

    /// <summary>Number of ended points (lines).</summary>
    public int PointCount => _lines.Count;

    /// <summary>
    /// The byte range of each ended point within <see cref="Written"/>, without its terminating
    /// '\n': to resend line by line after a 400 partial write. A '\n' inside a string field value
    /// is part of its line.
    /// </summary>
    public IReadOnlyList<Range> Lines => _lines;

    /// <summary>True between <see cref="Measurement"/> and the end of that point.</summary>
    public bool IsPointOpen => _state != State.BetweenPoints;

    private int EndedLength => _state == State.BetweenPoints ? _buffer.WrittenCount : _pointStart;

    /// <summary>
    /// Splits a line-protocol payload into lines the way influxd does (a '\n' inside a quoted
    /// string field value does not end a line); blank lines are skipped. For payloads not built by
    /// this instance, e.g. read back from a write-ahead log.
    /// </summary>
    /// <returns>Byte ranges within <paramref name="lineProtocol"/>, without the '\n'.</returns>
    public static IReadOnlyList<Range> SplitLines(ReadOnlySpan<byte> lineProtocol) => LineProtocolSyntax.SplitLines(lineProtocol);

    /// <summary>Starts a point.</summary>
    /// <exception cref="ArgumentException">Empty, starts with '#', tab or NUL, contains a newline, or an unrepresentable backslash.</exception>
    /// <exception cref="InvalidOperationException">The previous point was not ended.</exception>
    public LineProtocolBuilder Measurement(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_state != State.BetweenPoints)
        {
            throw Discard(new InvalidOperationException("The previous point was not ended: call Timestamp() or EndPoint() first."));
        }

        _pointStart = _buffer.WrittenCount;
        _state = State.Tags;
        WriteName(name, NameKind.Measurement, nameof(name), out _);
        return this;
    }

    /// <summary>Adds a tag (after <see cref="Measurement"/>, before the first field). Omit tags with no value.</summary>
    /// <exception cref="ArgumentException">Empty key or value, key "time", duplicate key, a newline, or an unrepresentable backslash.</exception>
    public LineProtocolBuilder Tag(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        if (_state != State.Tags)
        {
            throw Discard(new InvalidOperationException(_state == State.Fields
                ? "Tags must come before the first field."
                : "Call Measurement() before Tag()."));
        }

        _buffer.Write((byte)','); // measurement and tags are separated by an unescaped comma
        var keyStart = _buffer.WrittenCount;
        WriteName(key, NameKind.TagKey, nameof(key), out var keyLength);
        CheckDuplicate(_tagKeys, keyStart, keyLength, key, "tag");
        _buffer.Write((byte)'=');
        WriteName(value, NameKind.TagValue, nameof(value), out _);
        return this;
    }

    /// <summary>Adds a float field, written shortest-round-trip so it reads back bit-identical.</summary>
    /// <exception cref="ArgumentException">NaN or ±Infinity (InfluxDB has no representation for them), or a bad key.</exception>
    public LineProtocolBuilder Field(string key, double value)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!double.IsFinite(value))
        {
            throw Discard(new ArgumentException($"Field '{key}' is {value}: InfluxDB stores only finite floats.", nameof(value)));
        }

        BeginField(key);

        // "R" is the shortest string that parses back to the same bits (.NET Core 3.0+); influxd
        // parses it with Go's ParseFloat, which accepts the "E+308" exponent form too.
        value.TryFormat(_buffer.GetSpan(32), out var written, "R", CultureInfo.InvariantCulture);
        _buffer.Advance(written);
        return this;
    }

    /// <summary>Adds an integer field (line protocol <c>123i</c>). Pass a double for a float field:
    /// InfluxDB refuses an integer into an existing float field (400 field type conflict).</summary>
    public LineProtocolBuilder Field(string key, long value)
    {
        ArgumentNullException.ThrowIfNull(key);
        BeginField(key);
        var span = _buffer.GetSpan(24);
        value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        span[written++] = (byte)'i';
        _buffer.Advance(written);
        return this;
    }

    /// <summary>Adds a string field. Any text is allowed, including quotes, backslashes and newlines.</summary>
    /// <exception cref="ArgumentException">Unpaired surrogate, or a bad key.</exception>
    public LineProtocolBuilder Field(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        BeginField(key);
        var written = WriteStringValue(value, _buffer.GetSpan(checked((value.Length * 3) + 2)));
        if (written < 0)
        {
            throw Discard(new ArgumentException($"String field '{key}' is not valid UTF-16 (unpaired surrogate).", nameof(value)));
        }

        _buffer.Advance(written);
        return this;
    }

    /// <summary>Adds a boolean field.</summary>
    public LineProtocolBuilder Field(string key, bool value)
    {
        ArgumentNullException.ThrowIfNull(key);
        BeginField(key);
        var text = value ? "true"u8 : "false"u8;
        text.CopyTo(_buffer.GetSpan(text.Length));
        _buffer.Advance(text.Length);
        return this;
    }

    /// <summary>Ends the point with a timestamp in nanoseconds since the Unix epoch (the store always writes precision=ns).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside [<see cref="MinTimestamp"/>, <see cref="MaxTimestamp"/>].</exception>
    /// <exception cref="ArgumentException">The point has no field.</exception>
    public LineProtocolBuilder Timestamp(long unixNanoseconds)
    {
        if (unixNanoseconds is < MinTimestamp or > MaxTimestamp)
        {
            throw Discard(new ArgumentOutOfRangeException(nameof(unixNanoseconds), unixNanoseconds,
                $"InfluxDB accepts timestamps from {MinTimestamp} to {MaxTimestamp} ns (1677-09-21 to 2262-04-11)."));
        }

        CheckCanEnd();
        var span = _buffer.GetSpan(24);
        span[0] = (byte)' ';
        unixNanoseconds.TryFormat(span[1..], out var written, default, CultureInfo.InvariantCulture);
        _buffer.Advance(written + 1);
        EndLine();
        return this;
    }

    /// <summary>Ends the point with <paramref name="timestamp"/> (100 ns resolution).</summary>
    public LineProtocolBuilder Timestamp(DateTimeOffset timestamp)
    {
        var ticks = timestamp.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        if (ticks is < MinTimestamp / 100 or > MaxTimestamp / 100)
        {
            throw Discard(new ArgumentOutOfRangeException(nameof(timestamp), timestamp,
                "InfluxDB accepts timestamps from 1677-09-21 to 2262-04-11."));
        }

        return Timestamp(ticks * 100);
    }

    /// <summary>Ends the point without a timestamp: InfluxDB uses its own clock at arrival.</summary>
    /// <exception cref="ArgumentException">The point has no field.</exception>
    public LineProtocolBuilder EndPoint()
    {
        CheckCanEnd();
        EndLine();
        return this;
    }

    /// <summary>Discards the open point, if any; ended points stay.</summary>
    public void CancelPoint()
    {
        if (_state != State.BetweenPoints)
        {
            _buffer.Truncate(_pointStart);
            ResetPoint();
        }
    }

    /// <summary>Forgets everything written, keeping the rented buffer for the next batch.</summary>
    public void Reset()
    {
        _buffer.Clear();
        _lines.Clear();
        ResetPoint();
    }

    /// <summary>Returns the buffer to the pool. <see cref="Written"/> must no longer be used.</summary>
    public void Dispose() => _buffer.Dispose();

    private void BeginField(string key)
    {
        switch (_state)
        {
            case State.BetweenPoints:
                throw Discard(new InvalidOperationException("Call Measurement() before Field()."));
            case State.Tags:
                _seriesKeyLength = _buffer.WrittenCount - _pointStart;
                if (_seriesKeyLength > MaxKeyLength)
                {
                    throw Discard(new ArgumentException(
                        $"Measurement and tags take {_seriesKeyLength} bytes escaped; InfluxDB's limit is {MaxKeyLength}.", nameof(key)));
                }

                _buffer.Write((byte)' '); // the field set starts after an unescaped space
                _state = State.Fields;
                break;
            default:
                _buffer.Write((byte)',');
                break;
        }

        var keyStart = _buffer.WrittenCount;
        WriteName(key, NameKind.FieldKey, nameof(key), out var keyLength);
        if (_seriesKeyLength + FieldKeySeparatorLength + keyLength > MaxKeyLength)
        {
            throw Discard(new ArgumentException(
                $"Series key plus field key '{key}' exceed InfluxDB's key limit of {MaxKeyLength} bytes.", nameof(key)));
        }

        CheckDuplicate(_fieldKeys, keyStart, keyLength, key, "field");
        _buffer.Write((byte)'=');
    }

    private void WriteName(string text, NameKind kind, string parameterName, out int length)
    {
        // UTF-16 → UTF-8 is at most 3 bytes per char, and escaping only doubles ASCII (1 → 2 bytes).
        var destination = _buffer.GetSpan(checked(text.Length * 3));
        length = LineProtocolSyntax.WriteName(text, kind, destination, out var error);
        if (length < 0)
        {
            var what = kind switch
            {
                NameKind.Measurement => "Measurement",
                NameKind.TagKey => "Tag key",
                NameKind.TagValue => "Tag value",
                _ => "Field key",
            };
            throw Discard(new ArgumentException($"{what} '{Printable(text)}' {error}.", parameterName));
        }

        _buffer.Advance(length);
    }

    private void CheckDuplicate(List<(int Start, int Length)> keys, int start, int length, string key, string what)
    {
        // Escaping is injective, so comparing escaped bytes compares the keys. Points have a
        // handful of keys: a linear scan beats hashing here.
        var written = _buffer.WrittenSpan;
        var candidate = written.Slice(start, length);
        foreach (var (otherStart, otherLength) in keys)
        {
            if (written.Slice(otherStart, otherLength).SequenceEqual(candidate))
            {
                throw Discard(new ArgumentException($"Duplicate {what} key '{Printable(key)}' in one point.", nameof(key)));
            }
        }

        keys.Add((start, length));
    }

    private void CheckCanEnd()
    {
        if (_state == State.Tags)
        {
            throw Discard(new ArgumentException("A point needs at least one field; InfluxDB refuses a point without fields."));
        }

        if (_state == State.BetweenPoints)
        {
            throw new InvalidOperationException("No point is open: call Measurement() first.");
        }
    }

    private void EndLine()
    {
        _lines.Add(new Range(_pointStart, _buffer.WrittenCount));
        _buffer.Write((byte)'\n');
        ResetPoint();
    }

    private void ResetPoint()
    {
        _state = State.BetweenPoints;
        _tagKeys.Clear();
        _fieldKeys.Clear();
        _seriesKeyLength = 0;
    }

    private TException Discard<TException>(TException exception)
        where TException : Exception
    {
        CancelPoint();
        return exception;
    }

    private static string Printable(string text)
    {
        var shown = text.Length > 64 ? text[..64] + "…" : text;
        return shown.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal);
    }
}
