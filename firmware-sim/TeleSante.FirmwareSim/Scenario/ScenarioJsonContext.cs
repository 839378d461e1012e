using System.Text.Json.Serialization;

namespace TeleSante.FirmwareSim.Scenario;

/// <summary>Source-generated JSON for scenario files (no runtime reflection). The definitions use
/// setters, not init: the generator sets every init-only property, so omitted ones would lose their defaults.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow)]
[JsonSerializable(typeof(ScenarioDefinition))]
public sealed partial class ScenarioJsonContext : JsonSerializerContext;
