using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace TeleSante.Gateway.Recordings;

/// <summary>Writes an unsigned 64-bit integer (a device's seq) as a JSON string, exact in every client
/// language (see <see cref="Int64StringConverter"/>). Reads a string or a number.</summary>
internal sealed class UInt64StringConverter : JsonConverter<ulong>
{
    public override ulong Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && Utf8Parser.TryParse(reader.ValueSpan, out ulong value, out var used) && used == reader.ValueSpan.Length
            ? value
            : reader.GetUInt64();

    public override void Write(Utf8JsonWriter writer, ulong value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(CultureInfo.InvariantCulture));
}
