using System.Globalization;
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
public static class JsonVitalsParser
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 8, CommentHandling = JsonCommentHandling.Disallow };

    public static bool TryParse(ReadOnlyMemory<byte> json, string deviceId, string siteId, out ReadingBatch batch, out string error)
        => TryParse(json, deviceId, siteId, out batch, out _, out error);

    /// <summary>As above, with the typed reason of a refusal: BAD_TIMESTAMP for a time that int64
    /// nanoseconds cannot hold, MALFORMED for anything else the form does not allow.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> json, string deviceId, string siteId, out ReadingBatch batch, out RejectReason reason, out string error)
    {
        batch = new ReadingBatch { DeviceId = deviceId, SiteId = siteId };
        JsonProblem? problem;
        try
        {
            using var document = JsonDocument.Parse(json, Options);
            problem = Fill(document.RootElement, batch);
        }
        catch (JsonException ex)
        {
            problem = $"not valid JSON: {ex.Message}";
        }

        reason = problem?.Reason ?? RejectReason.Unspecified;
        error = problem?.Detail ?? string.Empty;
        return problem is null;
    }

    private static JsonProblem? Fill(JsonElement root, ReadingBatch batch)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return "the document must be a JSON object";
        }

        var sawReadings = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in root.EnumerateObject())
        {
            if (!seen.Add(member.Name))
            {
                return Duplicate(member.Name);
            }

            switch (member.Name)
            {
                case "seq":
                    if (member.Value.ValueKind != JsonValueKind.Number || !member.Value.TryGetUInt64(out var seq))
                    {
                        return "seq must be a non-negative integer";
                    }

                    batch.Seq = seq;
                    break;
                case "seqEpoch":
                    if (member.Value.ValueKind != JsonValueKind.Number || !member.Value.TryGetUInt64(out var epoch))
                    {
                        return "seqEpoch must be a non-negative integer";
                    }

                    batch.SeqEpoch = epoch;
                    break;
                case "sessionId":
                    if (member.Value.ValueKind != JsonValueKind.String)
                    {
                        return "sessionId must be a string";
                    }

                    batch.SessionId = member.Value.GetString()!;
                    break;
                case "deviceTime":
                    if (ReadTime(member.Value, out var deviceTime) is { } timeError)
                    {
                        return timeError.In("deviceTime");
                    }

                    batch.DeviceTimeNs = deviceTime;
                    break;
                case "observations":
                    if (member.Value.ValueKind != JsonValueKind.Array)
                    {
                        return "observations must be an array";
                    }

                    sawReadings = true;
                    var index = 0;
                    foreach (var item in member.Value.EnumerateArray())
                    {
                        var problem = ReadObservation(item, out var observation);
                        if (problem is not null)
                        {
                            return problem.In($"observations[{index}]");
                        }

                        batch.Observations.Add(observation);
                        index++;
                    }

                    break;
                case "events":
                    if (member.Value.ValueKind != JsonValueKind.Array)
                    {
                        return "events must be an array";
                    }

                    sawReadings = true;
                    var eventIndex = 0;
                    foreach (var item in member.Value.EnumerateArray())
                    {
                        var problem = ReadEvent(item, out var deviceEvent);
                        if (problem is not null)
                        {
                            return problem.In($"events[{eventIndex}]");
                        }

                        batch.Events.Add(deviceEvent);
                        eventIndex++;
                    }

                    break;
                default:
                    return $"unknown member '{member.Name}' (expected seq, seqEpoch, sessionId, deviceTime, observations, events)";
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

    private static JsonProblem? ReadObservation(JsonElement item, out Observation observation)
    {
        observation = new Observation();
        if (item.ValueKind != JsonValueKind.Object)
        {
            return "must be an object";
        }

        bool hasCode = false, hasValue = false, hasTime = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in item.EnumerateObject())
        {
            if (!seen.Add(member.Name))
            {
                return Duplicate(member.Name);
            }

            switch (member.Name)
            {
                case "mdc":
                    if (member.Value.ValueKind == JsonValueKind.Number && member.Value.TryGetUInt32(out var mdc))
                    {
                        observation.MdcCode = mdc;
                    }
                    else if (member.Value.ValueKind == JsonValueKind.String && CodeCatalog.TryFindByRefId(member.Value.GetString()!, out var byRef))
                    {
                        observation.MdcCode = byRef;
                    }
                    else
                    {
                        return $"mdc {member.Value.GetRawText()} is neither a numeric MDC code nor a known MDC reference id";
                    }

                    hasCode = true;
                    break;
                case "loinc":
                    if (member.Value.ValueKind != JsonValueKind.String)
                    {
                        return "loinc must be a string";
                    }

                    observation.Loinc = member.Value.GetString()!;
                    break;
                case "value":
                    // JSON has no NaN/Infinity literals, so a number here is always finite.
                    if (member.Value.ValueKind != JsonValueKind.Number || !member.Value.TryGetDouble(out var value))
                    {
                        return "value must be a number";
                    }

                    observation.Value = value;
                    hasValue = true;
                    break;
                case "unit":
                    if (member.Value.ValueKind != JsonValueKind.String)
                    {
                        return "unit must be a UCUM string";
                    }

                    observation.Unit = member.Value.GetString()!;
                    break;
                case "time":
                    if (ReadTime(member.Value, out var time) is { } timeError)
                    {
                        return timeError.In("time");
                    }

                    observation.TimeNs = time;
                    hasTime = true;
                    break;
                default:
                    return $"unknown member '{member.Name}' (expected mdc, loinc, value, unit, time)";
            }
        }

        if (!hasCode || !hasValue || !hasTime)
        {
            return "mdc, value and time are required";
        }

        return null;
    }

    /// <summary>{"code": "cuff-loose", "time": ..., "mdc": 150021 or "MDC_PRESS_BLD_NONINV_SYS" (optional), "text": "E2" (optional)}.</summary>
    private static JsonProblem? ReadEvent(JsonElement item, out DeviceEvent deviceEvent)
    {
        deviceEvent = new DeviceEvent();
        if (item.ValueKind != JsonValueKind.Object)
        {
            return "must be an object";
        }

        bool hasCode = false, hasTime = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in item.EnumerateObject())
        {
            if (!seen.Add(member.Name))
            {
                return Duplicate(member.Name);
            }

            switch (member.Name)
            {
                case "code":
                    if (member.Value.ValueKind != JsonValueKind.String)
                    {
                        return "code must be a string";
                    }

                    deviceEvent.Code = member.Value.GetString()!;
                    hasCode = true;
                    break;
                case "mdc":
                    if (member.Value.ValueKind == JsonValueKind.Number && member.Value.TryGetUInt32(out var mdc))
                    {
                        deviceEvent.MdcCode = mdc;
                    }
                    else if (member.Value.ValueKind == JsonValueKind.String && CodeCatalog.TryFindByRefId(member.Value.GetString()!, out var byRef))
                    {
                        deviceEvent.MdcCode = byRef;
                    }
                    else
                    {
                        return $"mdc {member.Value.GetRawText()} is neither a numeric MDC code nor a known MDC reference id";
                    }

                    break;
                case "text":
                    if (member.Value.ValueKind != JsonValueKind.String)
                    {
                        return "text must be a string";
                    }

                    deviceEvent.Text = member.Value.GetString()!;
                    break;
                case "time":
                    if (ReadTime(member.Value, out var time) is { } timeError)
                    {
                        return timeError.In("time");
                    }

                    deviceEvent.TimeNs = time;
                    hasTime = true;
                    break;
                default:
                    return $"unknown member '{member.Name}' (expected code, mdc, text, time)";
            }
        }

        return hasCode && hasTime ? null : (JsonProblem)"code and time are required";
    }

    private static JsonProblem? ReadTime(JsonElement element, out long ns)
    {
        ns = 0;
        if (element.ValueKind == JsonValueKind.Number)
        {
            if (element.TryGetInt64(out ns) && ns > 0)
            {
                return null;
            }

            // A whole number that is not positive or does not fit int64 is a time out of range, not a typo.
            return element.TryGetDouble(out var number) && Math.Floor(number) == number
                ? new JsonProblem(RejectReason.BadTimestamp, $"{element.GetRawText()} is outside 1 .. {long.MaxValue}, the range of int64 nanoseconds since 1970")
                : "must be positive integer nanoseconds since the epoch or an RFC 3339 string";
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            var text = element.GetString()!;
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

    private static JsonProblem Duplicate(string name)
        => $"member '{name}' appears more than once (a JSON object's names must be unique, RFC 8259 section 4; the gateway will not guess which one the device meant)";
}
