using System.Globalization;
using System.Text.Json;

namespace TeleSante.Testing;

/// <summary>64-bit integers of the gateway's read API, which sends them as JSON strings (exact for
/// JavaScript clients); a number is accepted too.</summary>
public static class JsonInt64
{
    public static long Int64(this JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? long.Parse(element.GetString()!, NumberStyles.None | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : element.GetInt64();

    public static ulong UInt64(this JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? ulong.Parse(element.GetString()!, NumberStyles.None, CultureInfo.InvariantCulture) : element.GetUInt64();
}
