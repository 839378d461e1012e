using System.Text.Json.Serialization;

namespace TeleSante.FirmwareSim.Clinical.Messages;

/// <summary>A practitioners file (telesante-sim setup): a JSON array of <see cref="PractitionerBody"/>, comments
/// allowed, unknown fields refused with their path.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(IReadOnlyList<PractitionerBody>))]
public sealed partial class PractitionersFileContext : JsonSerializerContext;
