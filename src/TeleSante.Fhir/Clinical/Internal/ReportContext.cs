using Hl7.Fhir.Model;
using TeleSante.Clinical.Reports;

namespace TeleSante.Fhir.Clinical.Internal;

/// <summary>The fullUrls a report's resources point at, and the time its findings are about.</summary>
/// <param name="Recordings">The session's waveform observations the measurements are derived from.</param>
/// <param name="RecordedPeriod">The attached recordings' span, when any was attached.</param>
internal sealed record ReportContext(
    string Patient,
    string Encounter,
    string ServiceRequest,
    string Signer,
    IReadOnlyList<string> Recordings,
    Period? RecordedPeriod)
{
    /// <summary>The clinically relevant time is the recording's; without one, the signature's.</summary>
    public DataType Effective(Report report) => RecordedPeriod is { } period
        ? (Period)period.DeepCopy()
        : new FhirDateTime(report.SignedAt.ToUniversalTime());
}
