using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Validation;
using TeleSante.Clinical.Screening;
using TeleSante.Fhir.Screening;
using TeleSante.Imaging;

namespace TeleSante.Fhir.Tests;

public sealed class ScreeningBundleBuilderTests
{
    private static readonly DateTimeOffset GradedAt = new(2026, 5, 12, 14, 30, 0, TimeSpan.Zero);

    private static ScreeningVisitExport Visit(string id, EyeFeatures right, EyeFeatures left, int photographs = 0)
    {
        var grading = new Grading("ophtha-1", right, left, GradingRules.GradeVisit(right, left), GradedAt);
        var images = Enumerable.Range(1, photographs).Select(i =>
        {
            var upload = new ImageUpload("fundus-1", "pharma-1", id, $"cap-{i}", i % 2 == 0 ? EyeLaterality.OS : EyeLaterality.OD, RetinalField.MaculaCentred,
                GradedAt.AddDays(-3), "image/png");
            return (new StoredImage(i, upload, new string('b', 64), 90_000, new ImageInfo(ImageFormat.Png, 1600, 1200), GradedAt.AddDays(-3)),
                new Uri($"https://gateway.example/api/sessions/{id}/images/{i}"));
        }).ToList();
        return new ScreeningVisitExport(id, "pat-" + id, "pharma-1", new DateOnly(2026, 5, 9), grading, images);
    }

    private static Bundle Build() => ScreeningBundleBuilder.Build("dr-2026",
        [Visit("v1", new EyeFeatures { NewVesselsOnDisc = true }, new EyeFeatures { Microaneurysms = true }, photographs: 4), Visit("v2", new EyeFeatures(), new EyeFeatures { Ungradable = true })],
        GradedAt.AddDays(1));

    [Fact]
    public void Each_graded_visit_is_a_report_with_the_grades_per_eye_and_its_photographs()
    {
        var bundle = Build();

        var reports = bundle.Entry.Select(e => e.Resource).OfType<DiagnosticReport>().ToList();
        reports.Should().HaveCount(2);
        var first = reports[0];
        first.Code.Coding.Single().Code.Should().Be("103592-2");
        first.Identifier.Single().Value.Should().Be("v1");
        first.Media.Should().HaveCount(4);
        first.Conclusion.Should().Be("Right R3AM0, left R1M0: UrgentReferral");
        var results = first.Result.Select(r => (Observation)bundle.Entry.Single(e => e.FullUrl == r.Reference).Resource!).ToList();
        results.Select(o => o.Code.Coding.Single().Code).Should().Equal("71491-5", "71490-7", "desp-grade-right", "desp-grade-left", "outcome");
        ((CodeableConcept)results[0].Value!).Coding.Single().Code.Should().Be("LA18648-8", "proliferative");
        ((CodeableConcept)results[1].Value!).Coding.Single().Code.Should().Be("LA18644-7", "microaneurysms only: mild NPDR");
        ((CodeableConcept)results[2].Value!).Text.Should().Be("R3AM0: new vessels on the disc");
        ((CodeableConcept)results[4].Value!).Coding.Single().Code.Should().Be("UrgentReferral");
        results.Should().OnlyContain(o => o.Subject!.Identifier!.Value == "pat-v1" && o.Status == ObservationStatus.Final);
    }

    [Fact]
    public void An_ungradable_eye_has_no_severity_value_but_says_why()
    {
        var bundle = Build();

        var leftSeverity = bundle.Entry.Select(e => e.Resource).OfType<Observation>()
            .Where(o => o.Subject!.Identifier!.Value == "pat-v2" && o.Code.Coding.Single().Code == "71490-7").Single();
        leftSeverity.Value.Should().BeNull();
        leftSeverity.DataAbsentReason!.Text.Should().Be("ungradable photographs");
    }

    [Fact]
    public void The_bundle_reads_back_identically_and_is_valid_r4()
    {
        var bundle = Build();
        var serializer = new FhirJsonSerializer();
        var first = serializer.SerializeToString(bundle);

        var parsed = new FhirJsonDeserializer().Deserialize<Bundle>(first);

        serializer.SerializeToString(parsed).Should().Be(first);
        parsed.Validate(ModelInfo.ModelInspector).Select(i => i.Message).Should().BeEmpty();
        bundle.Entry.Should().OnlyContain(e => e.FullUrl != null);
        bundle.Entry.Select(e => e.Resource).OfType<Patient>().Should().BeEmpty("the export carries grades, not identities");
    }
}
