using System.Text.Json;
using System.Text.Json.Serialization;

namespace TeleSante.Storage.Influx.Internal;

/// <summary>Source-generated metadata so responses are read without reflection.</summary>
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class InfluxJsonContext : JsonSerializerContext;
