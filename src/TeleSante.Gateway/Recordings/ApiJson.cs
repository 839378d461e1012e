using System.Text.Json;

namespace TeleSante.Gateway.Recordings;

/// <summary>
/// JSON of the read API's answers (waveforms, observations, events, dead letters): web defaults, with
/// every 64-bit integer (nanosecond times, seq, ids) as a string, since JavaScript clients (the viewer,
/// jq) would silently round them to the nearest double (issue 9). Other numbers stay numbers.
/// </summary>
internal static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new Int64StringConverter(), new UInt64StringConverter() },
    };

    public static IResult Ok(object value) => Results.Json(value, Options);
}
