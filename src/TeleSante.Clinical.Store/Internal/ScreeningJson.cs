using System.Text.Json.Serialization;
using TeleSante.Clinical.Screening;

namespace TeleSante.Clinical.Store.Internal;

/// <summary>Grading forms are kept as the grader filled them, as JSON (source-generated: no reflection at run time);
/// enums by name so a stored form reads the same after an enum grows.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(EyeFeatures))]
[JsonSerializable(typeof(List<GradingDifference>))]
[JsonSerializable(typeof(List<string>))]
internal sealed partial class ScreeningJson : JsonSerializerContext
{
}
