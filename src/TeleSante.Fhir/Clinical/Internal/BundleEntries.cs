using Hl7.Fhir.Model;

namespace TeleSante.Fhir.Clinical.Internal;

/// <summary>Entries of a collection bundle refer to each other by their fullUrl (urn:uuid), so every reference
/// resolves inside the bundle without a server.</summary>
internal static class BundleEntries
{
    public static string Add(Bundle bundle, Resource resource)
    {
        var url = "urn:uuid:" + Guid.NewGuid().ToString("D");
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = url, Resource = resource });
        return url;
    }

    public static ResourceReference Ref(string fullUrl, string? display = null) => new(fullUrl) { Display = display };

    public static string Time(DateTimeOffset at) => new FhirDateTime(at.ToUniversalTime()).Value!;
}
