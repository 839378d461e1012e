using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TeleSante.Gateway.Recordings;

/// <summary>Writes a 64-bit integer as a JSON string: nanosecond times (about 1.8e18) lie far beyond 2^53,
/// the largest integer a JavaScript number holds exactly. Reads a string or a number.</summary>
internal sealed class Int64StringConverter : JsonConverter<long>
{
    public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && Utf8Parser.TryParse(reader.ValueSpan, out long value, out var used) && used == reader.ValueSpan.Length
            ? value
            : reader.GetInt64();

    public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
}
