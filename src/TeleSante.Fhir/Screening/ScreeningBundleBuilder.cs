using Hl7.Fhir.Model;
using TeleSante.Clinical.Screening;
using TeleSante.Fhir.Clinical;
using TeleSante.Fhir.Clinical.Internal;

namespace TeleSante.Fhir.Screening;

/// <summary>
/// A campaign's graded visits as a FHIR R4 collection Bundle (issue 13): per visit a DiagnosticReport (LOINC
/// 103592-2) whose results are, per eye, the ICDR severity (LOINC 71491-5 / 71490-7 with the LL2117-1 answers; an
/// ungradable eye has no value but a data-absent reason) and the DESP grade, plus the outcome; its photographs as
/// Media. The patient is referenced by identifier only: the export carries grades, not identities.
/// </summary>
public static class ScreeningBundleBuilder
{
    public static Bundle Build(string campaignId, IReadOnlyList<ScreeningVisitExport> visits, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(visits);
        var bundle = new Bundle
        {
            Type = Bundle.BundleType.Collection,
            Identifier = new Identifier(ScreeningSystems.CampaignIdentifier, campaignId),
            Timestamp = now,
        };
        foreach (var visit in visits)
        {
            var patient = new ResourceReference { Identifier = new Identifier(ClinicalSystems.PatientIdentifier, visit.PatientId) };
            var grader = new ResourceReference { Identifier = new Identifier(ClinicalSystems.PractitionerIdentifier, visit.Final.GraderId) };
            // The day of the photographs: a partial dateTime (effective[x] allows dateTime, not date).
            FhirDateTime Effective() => new(visit.ScreenedOn.Year, visit.ScreenedOn.Month, visit.ScreenedOn.Day);
            Observation Result(Observation o)
            {
                o.Status = ObservationStatus.Final;
                o.Subject = patient;
                o.Effective = Effective();
                o.Issued = visit.Final.At;
                o.Performer = [grader];
                return o;
            }

            var grade = visit.Final.Grade;
            var results = new[]
            {
                Result(Severity(ScreeningSystems.RightEyeSeverity, "Right eye Diabetic retinopathy severity level", grade.Right)),
                Result(Severity(ScreeningSystems.LeftEyeSeverity, "Left eye Diabetic retinopathy severity level", grade.Left)),
                Result(Desp("desp-grade-right", "Right eye NHS DESP grade", grade.Right)),
                Result(Desp("desp-grade-left", "Left eye NHS DESP grade", grade.Left)),
                Result(new Observation
                {
                    Code = new CodeableConcept(ScreeningSystems.Observation, "outcome", "Screening outcome"),
                    Value = new CodeableConcept(ScreeningSystems.Outcome, grade.Outcome.ToString(), grade.Outcome.ToString()),
                }),
            }.Select(o => BundleEntries.Ref(BundleEntries.Add(bundle, o))).ToList();
            var media = visit.Photographs.Select(p =>
            {
                var m = SessionBundleBuilder.Photograph(p.Image, p.Url, null, null);
                m.Subject = patient;
                return BundleEntries.Ref(BundleEntries.Add(bundle, m));
            }).ToList();

            BundleEntries.Add(bundle, new DiagnosticReport
            {
                Identifier = [new Identifier(ScreeningSystems.VisitIdentifier, visit.VisitId)],
                Status = DiagnosticReport.DiagnosticReportStatus.Final,
                Code = new CodeableConcept(FhirSystems.Loinc, ScreeningSystems.RetinalScreeningReport, "Retinal eye screening report"),
                Subject = patient,
                Effective = Effective(),
                Issued = visit.Final.At,
                ResultsInterpreter = [grader],
                Result = results,
                Media = [.. media.Select(r => new DiagnosticReport.MediaComponent { Link = r })],
                Conclusion = $"Right {grade.Right.Code}, left {grade.Left.Code}: {grade.Outcome}",
            });
        }

        return bundle;
    }

    private static Observation Severity(string loinc, string display, EyeGrade eye)
    {
        var observation = new Observation { Code = new CodeableConcept(FhirSystems.Loinc, loinc, display) };
        // LOINC answer list LL2117-1.
        var answer = eye.Icdr switch
        {
            IcdrSeverity.NoApparentRetinopathy => ("LA18643-9", "No apparent retinopathy"),
            IcdrSeverity.MildNonProliferative => ("LA18644-7", "Mild non-proliferative retinopathy"),
            IcdrSeverity.ModerateNonProliferative => ("LA18645-4", "Moderate non-proliferative retinopathy"),
            IcdrSeverity.SevereNonProliferative => ("LA18646-2", "Severe non-proliferative retinopathy"),
            IcdrSeverity.Proliferative => ("LA18648-8", "Proliferative retinopathy"),
            _ => ((string, string)?)null,
        };
        if (answer is { } a)
        {
            observation.Value = new CodeableConcept(FhirSystems.Loinc, a.Item1, a.Item2);
        }
        else
        {
            observation.DataAbsentReason = new CodeableConcept(FhirSystems.DataAbsentReason, "unknown", "Unknown") { Text = "ungradable photographs" };
        }

        return observation;
    }

    private static Observation Desp(string code, string display, EyeGrade eye) => new()
    {
        Code = new CodeableConcept(ScreeningSystems.Observation, code, display),
        Value = new CodeableConcept(ScreeningSystems.DespGrade, eye.Code, eye.Code) { Text = eye.Evidence.Count == 0 ? eye.Code : $"{eye.Code}: {string.Join(", ", eye.Evidence)}" },
    };
}
