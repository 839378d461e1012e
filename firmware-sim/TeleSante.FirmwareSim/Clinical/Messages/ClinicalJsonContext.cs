using System.Text.Json.Serialization;

namespace TeleSante.FirmwareSim.Clinical.Messages;

/// <summary>Source-generated JSON for the clinical API (no runtime reflection), camelCase as the gateway's web
/// defaults. Answers may carry more fields than the simulator reads; a practitioners file may not (strict).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SiteBody))]
[JsonSerializable(typeof(StationBody))]
[JsonSerializable(typeof(PractitionerBody))]
[JsonSerializable(typeof(PatientBody))]
[JsonSerializable(typeof(PatientRecorded))]
[JsonSerializable(typeof(ConsentBody))]
[JsonSerializable(typeof(ConsultationBody))]
[JsonSerializable(typeof(RequestBody))]
[JsonSerializable(typeof(RequestFiled))]
[JsonSerializable(typeof(ClinicalProblem))]
public sealed partial class ClinicalJsonContext : JsonSerializerContext;
