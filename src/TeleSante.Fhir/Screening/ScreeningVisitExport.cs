using TeleSante.Clinical.Screening;
using TeleSante.Imaging;

namespace TeleSante.Fhir.Screening;

/// <summary>A visit with its final grading and its photographs (with the URL each is served at), for export.</summary>
public sealed record ScreeningVisitExport(string VisitId, string PatientId, string SiteId, DateOnly ScreenedOn, Grading Final, IReadOnlyList<(StoredImage Image, Uri Url)> Photographs);
