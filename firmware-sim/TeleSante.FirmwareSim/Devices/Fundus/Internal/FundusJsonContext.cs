using System.Text.Json.Serialization;

namespace TeleSante.FirmwareSim.Devices.Fundus.Internal;

/// <summary>Source-generated serialisation: no reflection at run time, enum names rather than numbers
/// so the metadata reads "OD", "MaculaCentred" for a human or another language.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true, WriteIndented = false)]
[JsonSerializable(typeof(FundusCaptureMetadata))]
internal sealed partial class FundusJsonContext : JsonSerializerContext;
