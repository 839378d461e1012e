// FHIR POCOs make every element nullable; navigating them in assertions, a null fails the test anyway.
#nullable disable warnings

using System.Text;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Validation;
using TeleSante.Clinical.Consents;
using TeleSante.Clinical.Consultations;
using TeleSante.Clinical.Patients;
using TeleSante.Clinical.Practitioners;
using TeleSante.Clinical.Proposals;
using TeleSante.Clinical.Reports;
using TeleSante.Clinical.Requests;
using TeleSante.Domain.Codes;
using TeleSante.Fhir.Clinical;
using TeleSante.Imaging;
using TeleSante.Storage;
using Consent = TeleSante.Clinical.Consents.Consent;
using FhirTask = Hl7.Fhir.Model.Task;
using Patient = TeleSante.Clinical.Patients.Patient;
using Practitioner = TeleSante.Clinical.Practitioners.Practitioner;

namespace TeleSante.Fhir.Tests;

/// <summary>Issue 11: a tele-expertise request as FHIR R4, built from the clinical model and the session's readings.</summary>
public sealed class ClinicalBundleBuilderTests
{
    // A test-range INS (NIR test OID) and RPPS numbers with their Luhn check digit, as in the gateway's tests.
    private const string TestIns = "279035121518989";
    private static readonly DateTimeOffset T0 = new(2026, 11, 18, 9, 0, 0, TimeSpan.Zero);
    private static readonly long T0Ns = (T0.UtcTicks - DateTime.UnixEpoch.Ticks) * 100;

    private static readonly Practitioner Pharmacist = new("pharm-1", "Martin", "Claire", Rpps.Parse("10000000017"), "pharmacist", null,
        ClinicalRoles.SiteOperator | ClinicalRoles.Requester, ["pharma-1"]);

    private static readonly Practitioner Cardiologist = new("cardio-1", "Durand", "Paul", Rpps.Parse("10000000025"), "physician", "cardiology",
        ClinicalRoles.Specialist, []);

    private static Patient NewPatient(bool insRetrieved = true, bool documentChecked = true, InsAuthority authority = InsAuthority.NirTest, string ins = TestIns)
    {
        Ins? value = null;
        if (insRetrieved)
        {
            Ins.TryCreate(ins, authority, out value, out var error).Should().BeTrue(error);
        }

        return Patient.Create("pat-1", value, "PAT-TROIS", "DOMINIQUE MARIE", "DOMINIQUE", new DateOnly(1979, 3, 28), Sex.Female, "51215", documentChecked).Value;
    }

    private static Consent NewConsent(bool shareWithGp = false, ConsentWithdrawal? withdrawal = null) =>
        new("cons-1", "pat-1", "ECG read remotely by a cardiologist", ["cardiology"], shareWithGp, "Dr Généraliste", "pharm-1", T0, withdrawal);

    private static TeleExpertiseRequest NewRequest(RequestState state = RequestState.Answered, Priority priority = Priority.Urgent) => new(
        "req-1", "visit-1", "pat-1", "pharma-1", RequestKind.EcgInterpretation, "cardiology", "Palpitations since this morning: rhythm?",
        "58 y, no known cardiac history", new AttachedData([new RecordingRange("ecg-1", T0, T0.AddSeconds(10))], [new RecordingRange("bp-1", T0, T0.AddMinutes(5))], ["17"]),
        priority, state, "pharm-1", T0.AddMinutes(1), T0.AddMinutes(2), T0.AddHours(2),
        state is RequestState.Accepted or RequestState.Answered or RequestState.Amended ? "cardio-1" : null,
        state is RequestState.Accepted or RequestState.Answered or RequestState.Amended ? T0.AddMinutes(10) : null,
        state is RequestState.Answered or RequestState.Amended ? T0.AddMinutes(30) : null,
        state == RequestState.Declined ? "not readable: lead II missing" : null, 3);

    private static readonly EcgFindings Findings = new("sinus rhythm", 72, 160, 90, 380, 410, 45, "Normal ECG", FollowUpUrgency.Routine, "Good quality recording");

    private static Report SignedReport(int version = 1, EcgFindings? findings = null, string? correction = null) =>
        new("req-1", version, findings ?? Findings, "cardio-1", "Paul Durand", Rpps.Parse("10000000025"), T0.AddMinutes(30 + version), correction);

    private static SessionExport Session()
    {
        var upload = new ImageUpload("fundus-1", "pharma-1", "visit-1", "cap-1", EyeLaterality.OD, RetinalField.MaculaCentred, T0.AddSeconds(30), "image/jpeg");
        return new SessionExport("visit-1", "pharma-1", T0Ns, T0Ns + 300_000_000_000,
            [new("bp-1", CodeCatalog.PulseRateNonInvasive, "MDC_PULS_RATE_NON_INV", "8867-4", 71, "/min", T0Ns + 1_000_000_000, 7)],
            [new WaveformChannelRecording("ecg-1", CodeCatalog.EcgLeadII, null, [new WaveformSegment(T0Ns, 500, 200, 0, "mV", [0, 50, 100, 50])])],
            [new StoredImage(17, upload, new string('a', 64), 150_000, new ImageInfo(ImageFormat.Jpeg, 1280, 960), T0)],
            image => new Uri($"https://gw.example/api/sessions/visit-1/images/{image.Id}"));
    }

    private static Bundle Build(TeleExpertiseRequest? request = null, Patient? patient = null, Consent? consent = null, IReadOnlyList<Report>? reports = null) =>
        ClinicalBundleBuilder.Build(new ClinicalExport(
            request ?? NewRequest(),
            new Consultation("visit-1", "pharma-1", "cabin-1", "pat-1", "cons-1", "pharm-1", T0, null, null),
            patient ?? NewPatient(),
            consent ?? NewConsent(),
            reports ?? [SignedReport()],
            new Dictionary<string, Practitioner> { ["pharm-1"] = Pharmacist, ["cardio-1"] = Cardiologist },
            [new RequestEvent("req-1", 3, RequestAction.Answer, RequestState.Accepted, RequestState.Answered, "cardio-1", "10.0.0.1", T0.AddMinutes(31), null)],
            Session()), T0.AddHours(1));

    private static string Json(Bundle bundle) => Encoding.UTF8.GetString(FhirJson.Serialize(bundle));

    private static List<T> All<T>(Bundle bundle)
        where T : Resource => [.. bundle.Entry.Select(e => e.Resource).OfType<T>()];

    private static T Resolve<T>(Bundle bundle, ResourceReference reference)
        where T : Resource => (T)bundle.Entry.Single(e => e.FullUrl == reference.Reference).Resource;

    [Fact]
    public void An_answered_request_is_one_collection_with_every_resource_and_every_reference_resolves_inside_it()
    {
        var bundle = Build();

        bundle.Type.Should().Be(Bundle.BundleType.Collection);
        bundle.Identifier.Value.Should().Be("req-1/v3");
        bundle.Entry.Select(e => e.Resource!.TypeName).Distinct().Should().BeEquivalentTo(
            ["Encounter", "Device", "Observation", "Media", "Patient", "Practitioner", "Consent", "ServiceRequest", "Task", "DiagnosticReport"]);
        All<Hl7.Fhir.Model.Practitioner>(bundle).Should().HaveCount(2, "the requester (who also collected the consent) and the specialist, once each");

        // Every "reference" anywhere in the JSON names an entry of this bundle.
        using var json = JsonDocument.Parse(Json(bundle));
        var fullUrls = bundle.Entry.Select(e => e.FullUrl).ToHashSet();
        var references = new List<string>();
        void Walk(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in element.EnumerateObject())
                {
                    if (property.Name == "reference" && property.Value.ValueKind == JsonValueKind.String)
                    {
                        references.Add(property.Value.GetString()!);
                    }

                    Walk(property.Value);
                }
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in element.EnumerateArray())
                {
                    Walk(item);
                }
            }
        }

        Walk(json.RootElement);
        references.Should().HaveCountGreaterThan(30).And.OnlyContain(r => fullUrls.Contains(r));
    }

    [Fact]
    public void The_service_request_carries_the_question_the_requester_the_specialty_and_the_sessions_readings()
    {
        var bundle = Build();

        var order = All<ServiceRequest>(bundle).Single();
        order.Status.Should().Be(RequestStatus.Completed);
        order.Intent.Should().Be(RequestIntent.Order);
        order.Priority.Should().Be(RequestPriority.Asap, "urgent (due in hours) is above FHIR's urgent and below stat");
        order.Code.Coding.Single().Should().Match<Coding>(c => c.System == FhirSystems.Loinc && c.Code == "11524-6");
        order.Note.Single().Text.Should().Be("Palpitations since this morning: rhythm?");
        order.ReasonCode.Single().Text.Should().Be("58 y, no known cardiac history");
        order.PerformerType.Text.Should().Be("cardiology");
        ((Period)order.Occurrence!).End.Should().Be("2026-11-18T11:00:00+00:00", "due two hours after the request was filed");
        var requester = Resolve<Hl7.Fhir.Model.Practitioner>(bundle, order.Requester);
        requester.Identifier.Should().Contain(i => i.System == ClinicalSystems.Rpps && i.Value == "10000000017" && i.Type.Coding.Single().Code == "RPPS");
        order.SupportingInfo.Select(r => bundle.Entry.Single(e => e.FullUrl == r.Reference).Resource!.TypeName)
            .Should().BeEquivalentTo(["Observation", "Observation", "Media"], "the pulse rate, the ECG and the photograph");
        Resolve<Hl7.Fhir.Model.Patient>(bundle, order.Subject).Should().NotBeNull();
    }

    [Fact]
    public void The_signed_report_is_a_final_diagnostic_report_with_loinc_coded_measurements_in_ucum_derived_from_the_ecg()
    {
        var bundle = Build();

        var report = All<DiagnosticReport>(bundle).Single();
        report.Status.Should().Be(DiagnosticReport.DiagnosticReportStatus.Final);
        report.Code.Coding.Single().Should().Match<Coding>(c => c.System == FhirSystems.Loinc && c.Code == "11524-6");
        report.Category.Single().Coding.Single().Code.Should().Be("EC");
        report.Conclusion.Should().Be("Normal ECG");
        report.Issued.Should().Be(T0.AddMinutes(31));
        var signer = Resolve<Hl7.Fhir.Model.Practitioner>(bundle, report.ResultsInterpreter.Single());
        signer.Identifier.Should().Contain(i => i.System == ClinicalSystems.Rpps && i.Value == "10000000025");
        signer.Name.Single().Family.Should().Be("Durand");
        report.BasedOn.Single().Reference.Should().Be(bundle.Entry.Single(e => e.Resource is ServiceRequest).FullUrl);

        var measurements = report.Result.Select(r => Resolve<Observation>(bundle, r)).ToList();
        measurements.Where(o => o.Value is Quantity)
            .Select(o => (o.Code.Coding.Single().Code, ((Quantity)o.Value!).Value, ((Quantity)o.Value!).Code, ((Quantity)o.Value!).System))
            .Should().Equal(
                ("8867-4", 72m, "/min", FhirSystems.Ucum), ("8625-6", 160m, "ms", FhirSystems.Ucum), ("8633-0", 90m, "ms", FhirSystems.Ucum),
                ("8634-8", 380m, "ms", FhirSystems.Ucum), ("8636-3", 410m, "ms", FhirSystems.Ucum), ("8632-2", 45m, "deg", FhirSystems.Ucum));
        measurements.Single(o => o.Value is FhirString).Value.Should().BeOfType<FhirString>().Which.Value.Should().Be("sinus rhythm");
        var ecg = bundle.Entry.Single(e => e.Resource is Observation o && o.Code.Coding.Any(c => c.Code == "131328" || c.Code == CodeCatalog.EcgLeadII.ToString(System.Globalization.CultureInfo.InvariantCulture))).FullUrl;
        measurements.Should().OnlyContain(o => o.DerivedFrom.Single().Reference == ecg && o.Status == ObservationStatus.Final);
        ((Period)report.Effective!).Start.Should().Be("2026-11-18T09:00:00+00:00", "the findings are about the attached recording");
    }

    [Fact]
    public void Each_measurement_says_whether_the_signed_value_is_the_machine_proposal_accepted_or_changed_and_the_bundle_stays_valid_r4()
    {
        // Issue 12: rate accepted as proposed (71.6 shown as 72), QT changed from 372.4, the axis entered where none was measured.
        var review = new ReportReview(
        [
            new ValueReview("rate", "/min", 71.6, 72, ReviewDecision.Accepted), new ValueReview("qt", "ms", 372.4, 380, ReviewDecision.Changed),
            new ValueReview("qrsAxis", "deg", null, 45, ReviewDecision.Added),
        ], []);
        var bundle = Build(reports: [SignedReport() with { Review = review }]);

        var measurements = All<DiagnosticReport>(bundle).Single().Result.Select(r => Resolve<Observation>(bundle, r)).ToDictionary(o => o.Code.Coding.FirstOrDefault()?.Code ?? "rhythm");
        string? Method(string loinc) => measurements[loinc].Method?.Coding.Single().Code;
        (Method("8867-4"), Method("8634-8"), Method("8632-2"), Method("8625-6")).Should().Be(("machine-proposed-accepted", "machine-proposed-changed", "entered-by-specialist", null));
        measurements["8634-8"].Method!.Coding.Single().System.Should().Be(ClinicalSystems.ProposalReview);
        measurements["8634-8"].Method!.Text.Should().Contain("proposed: 372.4 ms");
        ((Quantity)measurements["8634-8"].Value!).Value.Should().Be(380m, "the value exported is the signed one");
        var parsed = new FhirJsonDeserializer().Deserialize<Bundle>(Json(bundle));
        parsed.Validate(ModelInfo.ModelInspector).Select(i => i.Message).Should().BeEmpty();
    }

    [Fact]
    public void An_amended_report_exports_its_latest_version_as_amended_with_the_correction_reason()
    {
        var corrected = Findings with { QtcMs = 470, Conclusion = "Long QTc" };
        var bundle = Build(NewRequest(RequestState.Amended), reports: [SignedReport(2, corrected, "QTc re-measured on lead II"), SignedReport()]);

        var report = All<DiagnosticReport>(bundle).Single();
        report.Status.Should().Be(DiagnosticReport.DiagnosticReportStatus.Amended);
        report.Conclusion.Should().Be("Long QTc");
        report.Identifier.Single().Value.Should().Be("req-1/2");
        report.Extension.Where(e => e.Url == ClinicalSystems.DiagnosticReportNote).Select(e => ((Annotation)e.Value).Text)
            .Should().Contain("Correction (version 2): QTc re-measured on lead II");
        report.Result.Select(r => Resolve<Observation>(bundle, r)).Single(o => o.Code.Coding.Any(c => c.Code == "8636-3")).Value
            .Should().BeOfType<Quantity>().Which.Value.Should().Be(470m);
        All<FhirTask>(bundle).Single().Status.Should().Be(FhirTask.TaskStatus.Completed);
    }

    [Theory]
    [InlineData(RequestState.Draft, FhirTask.TaskStatus.Draft, RequestStatus.Draft)]
    [InlineData(RequestState.Submitted, FhirTask.TaskStatus.Requested, RequestStatus.Active)]
    [InlineData(RequestState.Accepted, FhirTask.TaskStatus.Accepted, RequestStatus.Active)]
    [InlineData(RequestState.Answered, FhirTask.TaskStatus.Completed, RequestStatus.Completed)]
    [InlineData(RequestState.Amended, FhirTask.TaskStatus.Completed, RequestStatus.Completed)]
    [InlineData(RequestState.Declined, FhirTask.TaskStatus.Rejected, RequestStatus.OnHold)]
    [InlineData(RequestState.Cancelled, FhirTask.TaskStatus.Cancelled, RequestStatus.Revoked)]
    [InlineData(RequestState.Expired, FhirTask.TaskStatus.Failed, RequestStatus.Revoked)]
    public void The_task_status_mirrors_the_request_state_and_keeps_its_name(RequestState state, FhirTask.TaskStatus task, RequestStatus order)
    {
        var answered = state is RequestState.Answered or RequestState.Amended;
        var bundle = Build(NewRequest(state), reports: answered ? [SignedReport()] : []);

        var fhirTask = All<FhirTask>(bundle).Single();
        fhirTask.Status.Should().Be(task);
        fhirTask.BusinessStatus.Coding.Single().Should().Match<Coding>(c => c.System == ClinicalSystems.RequestState && c.Code == state.ToString());
        fhirTask.Focus.Reference.Should().Be(bundle.Entry.Single(e => e.Resource is ServiceRequest).FullUrl);
        All<ServiceRequest>(bundle).Single().Status.Should().Be(order);
        All<DiagnosticReport>(bundle).Should().HaveCount(answered ? 1 : 0);
        if (state == RequestState.Declined)
        {
            fhirTask.StatusReason.Text.Should().Be("not readable: lead II missing");
        }

        if (answered)
        {
            Resolve<Hl7.Fhir.Model.Practitioner>(bundle, fhirTask.Owner).Identifier.Should().Contain(i => i.Value == "10000000025");
            fhirTask.ExecutionPeriod.Start.Should().Be("2026-11-18T09:10:00+00:00");
            fhirTask.ExecutionPeriod.End.Should().Be("2026-11-18T09:30:00+00:00");
            fhirTask.LastModified.Should().Be("2026-11-18T09:31:00+00:00");
            Resolve<DiagnosticReport>(bundle, (ResourceReference)fhirTask.Output.Single().Value).Should().NotBeNull();
        }
    }

    [Fact]
    public void Every_request_state_and_priority_has_a_fhir_code_in_order()
    {
        Enum.GetValues<RequestState>().Select(RequestStatusMapping.TaskStatusOf).Should().HaveCount(Enum.GetValues<RequestState>().Length);
        Enum.GetValues<RequestState>().Select(RequestStatusMapping.ServiceRequestStatusOf).Should().HaveCount(Enum.GetValues<RequestState>().Length);
        // FHIR orders routine < urgent < asap < stat; ours Routine < SemiUrgent < Urgent must keep that order.
        new[] { Priority.Routine, Priority.SemiUrgent, Priority.Urgent }.Select(RequestStatusMapping.PriorityOf)
            .Should().Equal(RequestPriority.Routine, RequestPriority.Urgent, RequestPriority.Asap);
    }

    [Theory]
    [InlineData(InsAuthority.NirTest, "urn:oid:1.2.250.1.213.1.4.10", "INS-NIR-TEST", Identifier.IdentifierUse.Official)]
    [InlineData(InsAuthority.Nir, "urn:oid:1.2.250.1.213.1.4.8", "INS-NIR", Identifier.IdentifierUse.Official)]
    [InlineData(InsAuthority.Nia, "urn:oid:1.2.250.1.213.1.4.9", "INS-NIA", Identifier.IdentifierUse.Temp)]
    [InlineData(InsAuthority.NirDemo, "urn:oid:1.2.250.1.213.1.4.11", "INS-NIR-DEMO", Identifier.IdentifierUse.Official)]
    public void A_qualified_identity_goes_out_with_its_ins_under_the_oid_of_its_authority(InsAuthority authority, string system, string type, Identifier.IdentifierUse use)
    {
        var patient = All<Hl7.Fhir.Model.Patient>(Build(patient: NewPatient(authority: authority))).Single();

        var ins = patient.Identifier.Single(i => i.System.StartsWith("urn:oid:", StringComparison.Ordinal));
        ins.System.Should().Be(system);
        ins.Value.Should().Be(TestIns);
        ins.Use.Should().Be(use);
        ins.Type.Coding.Single().Should().Match<Coding>(c => c.System == ClinicalSystems.FrCoreIdentifierType && c.Code == type);
        patient.Identifier.Should().Contain(i => i.System == ClinicalSystems.PatientIdentifier && i.Value == "pat-1" && i.Type.Coding.Single().Code == "PI");
        IdentityStatusOf(patient).Should().Be("QUAL");
    }

    [Theory]
    [InlineData(true, false, "RECUP")]
    [InlineData(false, true, "VALI")]
    [InlineData(false, false, "PROV")]
    public void An_identity_that_is_not_qualified_goes_out_without_its_ins(bool insRetrieved, bool documentChecked, string status)
    {
        var bundle = Build(patient: NewPatient(insRetrieved, documentChecked));

        var patient = All<Hl7.Fhir.Model.Patient>(bundle).Single();
        patient.Identifier.Select(i => i.System).Should().Equal(ClinicalSystems.PatientIdentifier);
        IdentityStatusOf(patient).Should().Be(status);
        Json(bundle).Should().NotContain(TestIns, "the INS is nowhere in the bundle");
    }

    [Fact]
    public void The_patient_carries_the_ins_traits_as_fr_core_does()
    {
        var patient = All<Hl7.Fhir.Model.Patient>(Build()).Single();

        var name = patient.Name.Single();
        name.Use.Should().Be(HumanName.NameUse.Official);
        name.Family.Should().Be("PAT-TROIS");
        name.Given.Should().Equal("DOMINIQUE");
        ((FhirString)name.GetExtension(ClinicalSystems.BirthListGivenName).Value).Value.Should().Be("DOMINIQUE MARIE");
        patient.Gender.Should().Be(AdministrativeGender.Female);
        patient.BirthDate.Should().Be("1979-03-28");
        var birthPlace = (Address)patient.GetExtension(ClinicalSystems.PatientBirthPlace).Value;
        ((Coding)birthPlace.GetExtension(ClinicalSystems.AddressInseeCode).Value).Code.Should().Be("51215");
    }

    [Fact]
    public void The_consent_lists_the_specialties_and_the_gp_sharing_and_a_withdrawn_one_is_inactive_from_its_withdrawal()
    {
        var active = All<Hl7.Fhir.Model.Consent>(Build()).Single();
        active.Status.Should().Be(Hl7.Fhir.Model.Consent.ConsentState.Active);
        active.Scope.Coding.Single().Code.Should().Be("patient-privacy");
        active.Category.Single().Coding.Single().Code.Should().Be("59284-0");
        active.DateTime.Should().Be("2026-11-18T09:00:00+00:00");
        active.Provision.Provision.Select(p => (p.Type, p.Actor.Single().Reference.Display))
            .Should().Equal((Hl7.Fhir.Model.Consent.ConsentProvisionType.Permit, "cardiology specialist (tele-expertise)"),
                (Hl7.Fhir.Model.Consent.ConsentProvisionType.Deny, "treating GP: Dr Généraliste"));
        Encoding.UTF8.GetString(((Attachment)active.Source!).Data).Should().Be("ECG read remotely by a cardiologist");

        var withdrawn = All<Hl7.Fhir.Model.Consent>(Build(consent: NewConsent(true, new ConsentWithdrawal("pharm-1", T0.AddDays(1), "changed their mind")))).Single();
        withdrawn.Status.Should().Be(Hl7.Fhir.Model.Consent.ConsentState.Inactive);
        withdrawn.Provision.Period.End.Should().Be("2026-11-19T09:00:00+00:00");
        withdrawn.Provision.Provision.Last().Type.Should().Be(Hl7.Fhir.Model.Consent.ConsentProvisionType.Permit, "the GP sharing had been agreed");
    }

    [Fact]
    public void The_bundle_round_trips_through_the_firely_parser_unchanged_and_passes_the_sdk_validation()
    {
        var bundle = Build(NewRequest(RequestState.Amended), reports: [SignedReport(2, Findings with { AxisDegrees = -30 }, "axis"), SignedReport()]);

        // FhirJsonParser is obsolete in SDK 6 ("use FhirJsonDeserializer instead"): its successor parses here.
        var serializer = new FhirJsonSerializer();
        var parser = new FhirJsonDeserializer();
        var first = serializer.SerializeToString(bundle);
        var parsed = parser.Deserialize<Bundle>(first);
        var second = serializer.SerializeToString(parsed);

        second.Should().Be(first);
        parsed.IsExactly(bundle).Should().BeTrue();
        // What the gateway sends (System.Text.Json converters) reads back as the same bundle with the other parser.
        parser.Deserialize<Bundle>(Json(bundle)).IsExactly(bundle).Should().BeTrue();
        // SDK 6 has no DotNetAttributeValidation any more; PocoValidationExtensions.Validate is its successor
        // (cardinalities, required elements, primitive formats), recursively over every entry. It returns the
        // issues rather than throwing.
        parsed.Validate(ModelInfo.ModelInspector).Select(i => i.Message).Should().BeEmpty();
    }

    [Fact]
    public void The_sdk_validation_used_above_does_reach_into_the_entries()
    {
        // Without this, the validation above could pass for nothing: a report without its required status fails.
        var bundle = Build();
        All<DiagnosticReport>(bundle).Single().Status = null;

        var issues = bundle.Validate(ModelInfo.ModelInspector);

        issues.Select(i => i.Message).Should().ContainSingle().Which.Should().Contain("resource.status").And.Contain("minimum cardinality 1");
    }

    [Fact]
    public void A_signer_missing_from_the_directory_is_still_identified_by_the_name_and_rpps_signed_on_the_report()
    {
        var request = NewRequest() with { AcceptedBy = null };
        var bundle = ClinicalBundleBuilder.Build(new ClinicalExport(request,
            new Consultation("visit-1", "pharma-1", "cabin-1", "pat-1", "cons-1", "pharm-1", T0, null, null), NewPatient(), NewConsent(), [SignedReport()],
            new Dictionary<string, Practitioner> { ["pharm-1"] = Pharmacist }, [], Session()), T0.AddHours(1));

        var signer = Resolve<Hl7.Fhir.Model.Practitioner>(bundle, All<DiagnosticReport>(bundle).Single().ResultsInterpreter.Single());
        signer.Identifier.Should().Contain(i => i.System == ClinicalSystems.Rpps && i.Value == "10000000025");
        signer.Name.Single().Family.Should().Be("Paul Durand");
        signer.Name.Single().Given.Should().BeEmpty("an unknown given name is left out, never an empty string");
        bundle.Validate(ModelInfo.ModelInspector).Select(i => i.Message).Should().BeEmpty();
    }

    private static string IdentityStatusOf(Hl7.Fhir.Model.Patient patient) =>
        ((Coding)patient.GetExtension(ClinicalSystems.IdentityReliability).GetExtension("identityStatus").Value).Code;
}
