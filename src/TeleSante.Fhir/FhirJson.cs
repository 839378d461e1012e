using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace TeleSante.Fhir;

/// <summary>FHIR JSON (application/fhir+json) with the Firely SDK's System.Text.Json converters.</summary>
public static class FhirJson
{
    public const string MediaType = "application/fhir+json";

    /// <summary>Serialises FHIR resources; strict when parsing, so a malformed document is an error.</summary>
    public static JsonSerializerOptions Options { get; } = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);

    public static byte[] Serialize(Resource resource) => JsonSerializer.SerializeToUtf8Bytes(resource, resource.GetType(), Options);

    public static T Parse<T>(string json)
        where T : Resource => JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException("empty FHIR document");
}
