using System.Globalization;
using Hl7.Fhir.Model;
using TeleSante.Clinical.Proposals;
using TeleSante.Clinical.Reports;

namespace TeleSante.Fhir.Clinical.Internal;

/// <summary>
/// A signed ECG report as a DiagnosticReport (LOINC 11524-6 "EKG study", service section EC) with one Observation
/// per measurement, LOINC-coded with UCUM units: rate 8867-4 (/min), PR 8625-6, QRS 8633-0, QT 8634-8, QTc 8636-3
/// (the QTc without a stated formula; ms) and QRS axis 8632-2 (deg). The rhythm has no code we could verify and goes
/// as text. Each measurement is derived from the session's ECG observations, so a reader reaches the samples.
/// Issue 12: when the service proposed measurements, each Observation's <c>method</c> says whether the signed value is the
/// machine proposal accepted or a value the specialist changed or entered (<see cref="ClinicalSystems.ProposalReview"/>; the
/// proposal itself in the coding's text). The value is always the signed one.
/// </summary>
internal static class EcgReportResources
{
    public const string EkgStudy = "11524-6";

    public static CodeableConcept EkgStudyCode() => new(FhirSystems.Loinc, EkgStudy, "EKG study");

    /// <summary>Adds the measurements and the report; returns the report's fullUrl.</summary>
    public static string Add(Bundle bundle, Report report, ReportContext context)
    {
        var findings = report.Findings;
        var measurements = new List<ResourceReference>();
        void Measure(string key, string? loinc, string display, decimal? value, string unit)
        {
            if (value is { } v)
            {
                var observation = Measurement(report, context, key, loinc, display, new Quantity { Value = v, Unit = unit, System = FhirSystems.Ucum, Code = unit });
                observation.Method = ReviewMethod(report.Review, key);
                measurements.Add(BundleEntries.Ref(BundleEntries.Add(bundle, observation)));
            }
        }

        measurements.Add(BundleEntries.Ref(BundleEntries.Add(bundle, Measurement(report, context, "rhythm", null, "ECG rhythm", new FhirString(findings.Rhythm)))));
        Measure("rate", "8867-4", "Heart rate", findings.RateBpm, "/min");
        Measure("pr", "8625-6", "P-R Interval", findings.PrMs, "ms");
        Measure("qrs", "8633-0", "QRS duration", findings.QrsMs, "ms");
        Measure("qt", "8634-8", "Q-T interval", findings.QtMs, "ms");
        Measure("qtc", "8636-3", "Q-T interval corrected", findings.QtcMs, "ms");
        Measure("axis", "8632-2", "QRS axis", findings.AxisDegrees, "deg");

        var diagnosticReport = new DiagnosticReport
        {
            Identifier = [new Identifier(ClinicalSystems.ReportIdentifier, Key(report))],
            BasedOn = [BundleEntries.Ref(context.ServiceRequest)],
            // Version 1 answers the request; each correction is a new signed version that replaces it: amended.
            Status = report.Version > 1 ? DiagnosticReport.DiagnosticReportStatus.Amended : DiagnosticReport.DiagnosticReportStatus.Final,
            Category = [new CodeableConcept(ClinicalSystems.V2DiagnosticService, "EC", "Electrocardiac (e.g., EKG, EEC, Holter)")],
            Code = EkgStudyCode(),
            Subject = BundleEntries.Ref(context.Patient),
            Encounter = BundleEntries.Ref(context.Encounter),
            Effective = context.Effective(report),
            Issued = report.SignedAt.ToUniversalTime(),
            Performer = [BundleEntries.Ref(context.Signer, report.SignerName)],
            ResultsInterpreter = [BundleEntries.Ref(context.Signer, report.SignerName)],
            Result = measurements,
            Conclusion = findings.Conclusion,
        };

        // R4 has no DiagnosticReport.note: the correction reason, the follow-up urgency and the free text travel in
        // R5's note through its cross-version extension.
        if (report.CorrectionReason is { Length: > 0 } reason)
        {
            diagnosticReport.Extension.Add(Note(string.Create(CultureInfo.InvariantCulture, $"Correction (version {report.Version}): {reason}")));
        }

        diagnosticReport.Extension.Add(Note("Follow-up: " + findings.FollowUp switch
        {
            FollowUpUrgency.None => "none needed",
            FollowUpUrgency.Routine => "at the next planned visit with the GP",
            FollowUpUrgency.Soon => "a cardiology consultation within days",
            FollowUpUrgency.Immediate => "now: emergency services",
            _ => findings.FollowUp.ToString(),
        }));
        if (findings.FreeText is { Length: > 0 } text)
        {
            diagnosticReport.Extension.Add(Note(text));
        }

        return BundleEntries.Add(bundle, diagnosticReport);
    }

    public static string Key(Report report) => string.Create(CultureInfo.InvariantCulture, $"{report.RequestId}/{report.Version}");

    private static Observation Measurement(Report report, ReportContext context, string key, string? loinc, string display, DataType value)
    {
        var observation = new Observation
        {
            Identifier = [new Identifier(ClinicalSystems.ReportMeasurementIdentifier, $"{Key(report)}/{key}")],
            Status = ObservationStatus.Final,
            Category = [new CodeableConcept(FhirSystems.ObservationCategory, "procedure")],
            Code = loinc is null ? new CodeableConcept { Text = display } : new CodeableConcept(FhirSystems.Loinc, loinc, display, display),
            Subject = BundleEntries.Ref(context.Patient),
            Encounter = BundleEntries.Ref(context.Encounter),
            Effective = context.Effective(report),
            Issued = report.SignedAt.ToUniversalTime(),
            Performer = [BundleEntries.Ref(context.Signer, report.SignerName)],
            Value = value,
            DerivedFrom = [.. context.Recordings.Select(url => BundleEntries.Ref(url))],
        };
        return observation;
    }

    /// <summary>The report's field keys and the proposal keys they were reviewed against (the form's QTc is Bazett's).</summary>
    private static readonly Dictionary<string, string> ProposalKeys = new(StringComparer.Ordinal)
    {
        ["rate"] = "rate", ["pr"] = "pr", ["qrs"] = "qrs", ["qt"] = "qt", ["qtc"] = "qtcBazett", ["axis"] = "qrsAxis",
    };

    private static CodeableConcept? ReviewMethod(ReportReview? review, string key)
    {
        if (review is null || !ProposalKeys.TryGetValue(key, out var proposalKey) || review.Values.FirstOrDefault(v => v.Key == proposalKey) is not { } reviewed)
        {
            return null;
        }

        var proposed = reviewed.Proposed is { } p ? string.Create(CultureInfo.InvariantCulture, $"{p:0.#} {reviewed.Unit}") : "not measurable";
        var (code, display) = reviewed.Decision switch
        {
            ReviewDecision.Accepted => ("machine-proposed-accepted", "Machine-proposed value accepted by the specialist"),
            ReviewDecision.Changed => ("machine-proposed-changed", "Machine-proposed value changed by the specialist"),
            _ => ("entered-by-specialist", "Entered by the specialist (no machine proposal)"),
        };
        return new CodeableConcept(ClinicalSystems.ProposalReview, code, display, $"{display}; proposed: {proposed}");
    }

    private static Extension Note(string text) => new(ClinicalSystems.DiagnosticReportNote, new Annotation { Text = text });
}
