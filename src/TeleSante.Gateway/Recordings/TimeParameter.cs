using System.Globalization;
using TeleSante.Domain.Validation;

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
            // Range-checked before scaling: 0001-01-01 must not wrap round to 1754 (issue 9).
            if (DeviceTime.TryToUnixNanoseconds(time, out ns))
            {
                return true;
            }

            ns = fallback;
            error = $"'{text}' is outside the times the store can hold ({DeviceTime.Earliest:yyyy-MM-dd} to {DeviceTime.Latest:yyyy-MM-dd})";
            return false;
        }

        error = $"'{text}' is neither an RFC 3339 time with offset nor integer nanoseconds";
        return false;
    }
}
