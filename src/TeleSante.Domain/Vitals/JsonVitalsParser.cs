using System.Globalization;
using System.Text;
using System.Text.Json;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;
using TeleSante.Domain.Validation;

namespace TeleSante.Domain.Vitals;

/// <summary>
/// Reads the JSON form that simple vitals devices (cuffs, thermometers, glucometers) publish over MQTT
/// instead of protobuf. The device and site come from the MQTT topic. Example:
/// <code>
/// {"seq": 42, "sessionId": "cons-0001", "deviceTime": "2026-11-22T10:15:30.120Z",
///  "observations": [{"mdc": 150021, "loinc": "8480-6", "value": 128, "unit": "mm[Hg]", "time": "2026-11-22T10:15:29Z"},
///                   {"mdc": "MDC_PULS_RATE_NON_INV", "value": 72, "unit": "/min", "time": "2026-11-22T10:15:29Z"}]}
/// </code>
/// A device may send events instead of (or with) observations:
/// <c>"events": [{"code": "cuff-loose", "mdc": 150021, "time": "…", "text": "E1"}]</c>.
/// "seqEpoch" (optional, default 0) is the protobuf form's seq_epoch: the device's numbering epoch.
/// Times are RFC 3339 with an explicit offset (a time without one is ambiguous and refused), or
/// integer nanoseconds since the epoch. "mdc" is the numeric code or the MDC reference id.
/// Unknown members are refused so that a typo ("vaule") is an error, not a silently missing value, and
/// so are duplicate members at any level (System.Text.Json would keep the last one silently).
/// </summary>
/// <remarks>
/// One forward pass of a <see cref="Utf8JsonReader"/> over the payload (issue 14: this runs once per vitals message;
/// a <see cref="JsonDocument"/>, a string per member name and a set per object cost more than the rest of the
/// decoding). Every member the form allows is known, so duplicates are caught with one bit per name. A document that
/// is not valid JSON is refused as such even when a rule of the form is broken before the syntax error: the rest of
/// the document is still read for syntax before a rule's refusal is answered.
/// </remarks>
public static class JsonVitalsParser
{
    private const int MaxDepth = 8;

    // Longest time string read without allocating: RFC 3339 with nanoseconds and an offset is 35 characters.
    private const int MaxStackTimeChars = 64;
    private const int MaxStackCatalogChars = 32;

    private static readonly JsonReaderOptions Options = new() { MaxDepth = MaxDepth, CommentHandling = JsonCommentHandling.Disallow };

    public static bool TryParse(ReadOnlyMemory<byte> json, string deviceId, string siteId, out ReadingBatch batch, out string error)
        => TryParse(json.Span, deviceId, siteId, out batch, out _, out error);

    /// <summary>As above, with the typed reason of a refusal: BAD_TIMESTAMP for a time that int64
    /// nanoseconds cannot hold, MALFORMED for anything else the form does not allow.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> json, string deviceId, string siteId, out ReadingBatch batch, out RejectReason reason, out string error)
        => TryParse(json.Span, deviceId, siteId, out batch, out reason, out error);

    /// <inheritdoc cref="TryParse(ReadOnlyMemory{byte}, string, string, out ReadingBatch, out RejectReason, out string)"/>
    public static bool TryParse(ReadOnlySpan<byte> json, string deviceId, string siteId, out ReadingBatch batch, out RejectReason reason, out string error)
    {
        batch = new ReadingBatch { DeviceId = deviceId, SiteId = siteId };
        JsonProblem? problem;
        var reader = new Utf8JsonReader(json, Options);
        try
        {
            problem = Fill(ref reader, json, batch);

            // The rest of the document, for syntax (trailing content after the object included).
            while (reader.Read())
            {
            }
        }
        catch (JsonException ex)
        {
            problem = $"not valid JSON: {ex.Message}";
        }

        reason = problem?.Reason ?? RejectReason.Unspecified;
        error = problem?.Detail ?? string.Empty;
        return problem is null;
    }

    private static JsonProblem? Fill(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ReadingBatch batch)
    {
        if (!reader.Read())
        {
            // Unreachable with a final block (an empty document throws), kept for safety.
            return "not valid JSON: the document is empty";
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return "the document must be a JSON object";
        }

        var sawReadings = false;
        var seen = VitalsJsonMember.None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = RootMemberOf(ref reader);
            if (member == VitalsJsonMember.None)
            {
                return $"unknown member '{reader.GetString()}' (expected seq, seqEpoch, sessionId, deviceTime, observations, events)";
            }

            if ((seen & member) != 0)
            {
                return Duplicate(reader.GetString()!);
            }

            seen |= member;
            reader.Read();
            switch (member)
            {
                case VitalsJsonMember.Seq:
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetUInt64(out var seq))
                    {
                        return "seq must be a non-negative integer";
                    }

                    batch.Seq = seq;
                    break;
                case VitalsJsonMember.SeqEpoch:
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetUInt64(out var epoch))
                    {
                        return "seqEpoch must be a non-negative integer";
                    }

                    batch.SeqEpoch = epoch;
                    break;
                case VitalsJsonMember.SessionId:
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return "sessionId must be a string";
                    }

                    batch.SessionId = reader.GetString()!;
                    break;
                case VitalsJsonMember.DeviceTime:
                    if (ReadTime(ref reader, json, out var deviceTime) is { } timeError)
                    {
                        return timeError.In("deviceTime");
                    }

                    batch.DeviceTimeNs = deviceTime;
                    break;
                case VitalsJsonMember.Observations:
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        return "observations must be an array";
                    }

                    sawReadings = true;
                    for (var index = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; index++)
                    {
                        var problem = ReadObservation(ref reader, json, out var observation);
                        if (problem is not null)
                        {
                            return problem.In($"observations[{index}]");
                        }

                        batch.Observations.Add(observation);
                    }

                    break;
                default:
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        return "events must be an array";
                    }

                    sawReadings = true;
                    for (var index = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; index++)
                    {
                        var problem = ReadEvent(ref reader, json, out var deviceEvent);
                        if (problem is not null)
                        {
                            return problem.In($"events[{index}]");
                        }

                        batch.Events.Add(deviceEvent);
                    }

                    break;
            }
        }

        if (batch.Seq == 0)
        {
            return "seq is required and must be >= 1";
        }

        if (!sawReadings)
        {
            return "observations (or events) is required";
        }

        if (batch.DeviceTimeNs == 0)
        {
            return "deviceTime is required";
        }

        return null;
    }

    private static VitalsJsonMember RootMemberOf(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("seq"u8) ? VitalsJsonMember.Seq
        : reader.ValueTextEquals("seqEpoch"u8) ? VitalsJsonMember.SeqEpoch
        : reader.ValueTextEquals("sessionId"u8) ? VitalsJsonMember.SessionId
        : reader.ValueTextEquals("deviceTime"u8) ? VitalsJsonMember.DeviceTime
        : reader.ValueTextEquals("observations"u8) ? VitalsJsonMember.Observations
        : reader.ValueTextEquals("events"u8) ? VitalsJsonMember.Events
        : VitalsJsonMember.None;

    /// <summary>Reads one array item; on success the reader is on the item's EndObject.</summary>
    private static JsonProblem? ReadObservation(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, out Observation observation)
    {
        observation = new Observation();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return "must be an object";
        }

        var seen = VitalsJsonMember.None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = reader.ValueTextEquals("mdc"u8) ? VitalsJsonMember.Mdc
                : reader.ValueTextEquals("loinc"u8) ? VitalsJsonMember.Loinc
                : reader.ValueTextEquals("value"u8) ? VitalsJsonMember.Value
                : reader.ValueTextEquals("unit"u8) ? VitalsJsonMember.Unit
                : reader.ValueTextEquals("time"u8) ? VitalsJsonMember.Time
                : VitalsJsonMember.None;
            if (member == VitalsJsonMember.None)
            {
                return $"unknown member '{reader.GetString()}' (expected mdc, loinc, value, unit, time)";
            }

            if ((seen & member) != 0)
            {
                return Duplicate(reader.GetString()!);
            }

            seen |= member;
            reader.Read();
            switch (member)
            {
                case VitalsJsonMember.Mdc:
                    if (ReadMdc(ref reader, json, out var mdc) is { } mdcError)
                    {
                        return mdcError;
                    }

                    observation.MdcCode = mdc;
                    break;
                case VitalsJsonMember.Loinc:
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return "loinc must be a string";
                    }

                    observation.Loinc = ReadCatalogText(ref reader);
                    break;
                case VitalsJsonMember.Value:
                    // JSON has no NaN/Infinity literals, so a number here is always finite.
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var value))
                    {
                        return "value must be a number";
                    }

                    observation.Value = value;
                    break;
                case VitalsJsonMember.Unit:
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return "unit must be a UCUM string";
                    }

                    observation.Unit = ReadCatalogText(ref reader);
                    break;
                default:
                    if (ReadTime(ref reader, json, out var time) is { } timeError)
                    {
                        return timeError.In("time");
                    }

                    observation.TimeNs = time;
                    break;
            }
        }

        const VitalsJsonMember required = VitalsJsonMember.Mdc | VitalsJsonMember.Value | VitalsJsonMember.Time;
        return (seen & required) == required ? null : (JsonProblem)"mdc, value and time are required";
    }

    /// <summary>{"code": "cuff-loose", "time": ..., "mdc": 150021 or "MDC_PRESS_BLD_NONINV_SYS" (optional), "text": "E2" (optional)}.</summary>
    private static JsonProblem? ReadEvent(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, out DeviceEvent deviceEvent)
    {
        deviceEvent = new DeviceEvent();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return "must be an object";
        }

        var seen = VitalsJsonMember.None;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var member = reader.ValueTextEquals("code"u8) ? VitalsJsonMember.Code
                : reader.ValueTextEquals("mdc"u8) ? VitalsJsonMember.Mdc
                : reader.ValueTextEquals("text"u8) ? VitalsJsonMember.Text
                : reader.ValueTextEquals("time"u8) ? VitalsJsonMember.Time
                : VitalsJsonMember.None;
            if (member == VitalsJsonMember.None)
            {
                return $"unknown member '{reader.GetString()}' (expected code, mdc, text, time)";
            }

            if ((seen & member) != 0)
            {
                return Duplicate(reader.GetString()!);
            }

            seen |= member;
            reader.Read();
            switch (member)
            {
                case VitalsJsonMember.Code:
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return "code must be a string";
                    }

                    deviceEvent.Code = reader.GetString()!;
                    break;
                case VitalsJsonMember.Mdc:
                    if (ReadMdc(ref reader, json, out var mdc) is { } mdcError)
                    {
                        return mdcError;
                    }

                    deviceEvent.MdcCode = mdc;
                    break;
                case VitalsJsonMember.Text:
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return "text must be a string";
                    }

                    deviceEvent.Text = reader.GetString()!;
                    break;
                default:
                    if (ReadTime(ref reader, json, out var time) is { } timeError)
                    {
                        return timeError.In("time");
                    }

                    deviceEvent.TimeNs = time;
                    break;
            }
        }

        const VitalsJsonMember required = VitalsJsonMember.Code | VitalsJsonMember.Time;
        return (seen & required) == required ? null : (JsonProblem)"code and time are required";
    }

    private static JsonProblem? ReadMdc(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, out uint mdc)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetUInt32(out mdc))
        {
            return null;
        }

        if (reader.TokenType == JsonTokenType.String && CodeCatalog.TryFindByRefId(reader.GetString()!, out mdc))
        {
            return null;
        }

        mdc = 0;
        return $"mdc {RawText(ref reader, json)} is neither a numeric MDC code nor a known MDC reference id";
    }

    /// <summary>A string value that is usually a catalog code or unit: the catalog's instance when it is one (no copy per
    /// reading), else a new string.</summary>
    private static string ReadCatalogText(ref Utf8JsonReader reader)
    {
        var rawLength = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (rawLength > MaxStackCatalogChars)
        {
            return reader.GetString()!;
        }

        Span<char> buffer = stackalloc char[MaxStackCatalogChars];
        var text = buffer[..reader.CopyString(buffer)];
        return CodeCatalog.KnownText(text) ?? new string(text);
    }

    private static JsonProblem? ReadTime(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, out long ns)
    {
        ns = 0;
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (reader.TryGetInt64(out ns) && ns > 0)
            {
                return null;
            }

            // A whole number that is not positive or does not fit int64 is a time out of range, not a typo.
            return reader.TryGetDouble(out var number) && Math.Floor(number) == number
                ? new JsonProblem(RejectReason.BadTimestamp, $"{RawText(ref reader, json)} is outside 1 .. {long.MaxValue}, the range of int64 nanoseconds since 1970")
                : "must be positive integer nanoseconds since the epoch or an RFC 3339 string";
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
            Span<char> buffer = stackalloc char[MaxStackTimeChars];
            var text = length <= MaxStackTimeChars ? buffer[..reader.CopyString(buffer)] : reader.GetString().AsSpan();
            var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
            if (!hasOffset)
            {
                return $"'{text}' has no UTC offset (use Z or ±hh:mm)";
            }

            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var dto))
            {
                return $"'{text}' is not an RFC 3339 time";
            }

            // Checked before converting: ticks * 100 overflows silently beyond 2262 or before 1970.
            return DeviceTime.TryToUnixNanoseconds(dto, out ns)
                ? null
                : new JsonProblem(RejectReason.BadTimestamp, $"'{text}': {DeviceTime.DescribeUnrepresentable(dto)}");
        }

        return "must be an RFC 3339 string or integer nanoseconds";
    }

    /// <summary>The value as written in the document (what <see cref="JsonElement.GetRawText"/> gives), for
    /// error messages; a container is skipped to its end.</summary>
    private static string RawText(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        var start = (int)reader.TokenStartIndex;
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            reader.Skip();
        }

        return Encoding.UTF8.GetString(json[start..(int)reader.BytesConsumed]);
    }

    private static JsonProblem Duplicate(string name)
        => $"member '{name}' appears more than once (a JSON object's names must be unique, RFC 8259 section 4; the gateway will not guess which one the device meant)";
}
