using System.Globalization;
using Hl7.Fhir.Model;

namespace TeleSante.Fhir.Internal;

internal static class FhirTime
{
    /// <summary>A FHIR dateTime at the stored nanosecond (FHIR allows any number of fraction digits).</summary>
    public static FhirDateTime FromNs(long timeNs)
    {
        var seconds = Math.DivRem(timeNs, 1_000_000_000L, out var nanoseconds);
        if (nanoseconds < 0)
        {
            seconds--;
            nanoseconds += 1_000_000_000L;
        }

        var whole = DateTimeOffset.FromUnixTimeSeconds(seconds).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        return new FhirDateTime(string.Create(CultureInfo.InvariantCulture, $"{whole}.{nanoseconds:D9}Z"));
    }
}
