using System.Globalization;

namespace TeleSante.Gateway.Recordings;

/// <summary>Query-string times: RFC 3339 with an offset, or integer nanoseconds since the epoch.</summary>
internal static class TimeParameter
{
    public static bool TryParse(string? text, long fallback, out long ns, out string? error)
    {
        error = null;
        ns = fallback;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out ns))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) && (text.EndsWith('Z') || text.Contains('+') || text.LastIndexOf('-') > 10))
        {
            ns = (time.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;
            return true;
        }

        error = $"'{text}' is neither an RFC 3339 time with offset nor integer nanoseconds";
        return false;
    }
}
