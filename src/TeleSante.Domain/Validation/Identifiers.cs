namespace TeleSante.Domain.Validation;

/// <summary>
/// The one syntax of every identifier the gateway stores and serves back: device, site, session,
/// capture and practitioner ids, on every transport (gRPC, MQTT topic and payload, HTTP, admin API,
/// live-view hub, serial agent). They appear in MQTT topics, InfluxDB tags, URL path segments and file
/// names, so the alphabet needs no escaping anywhere, and an id must be readable back through a URL:
/// it starts with a letter or digit (no ".", "..", ".hidden" or "-flag") and never contains "..", which
/// URL normalisation (RFC 3986 section 5.2.4) and file systems treat as "parent" (issue 9: a session
/// "..", accepted over gRPC, could never be read back).
/// </summary>
public static class Identifiers
{
    public const int MaxLength = 64;

    /// <summary>The rule in words, for refusal details.</summary>
    public const string Rule = "1..64 characters of [A-Za-z0-9._-], starting with a letter or digit, without '..'";

    public static bool IsValid(string? value) => value is not null && IsValid(value.AsSpan());

    /// <summary>The same rule over part of a larger string (an MQTT topic's segment), without copying it.</summary>
    public static bool IsValid(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty || value.Length > MaxLength || !char.IsAsciiLetterOrDigit(value[0]))
        {
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') || (c == '.' && i > 0 && value[i - 1] == '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Null when <paramref name="value"/> is a valid identifier, otherwise the refusal detail
    /// naming the field, e.g. "session_id '..' must be 1..64 characters of …".</summary>
    public static string? Check(string field, string? value)
        => IsValid(value) ? null : $"{field} '{Shorten(value)}' must be {Rule}";

    private static string Shorten(string? value)
        => value is null ? string.Empty : value.Length <= 80 ? value : value[..80] + "…";
}
