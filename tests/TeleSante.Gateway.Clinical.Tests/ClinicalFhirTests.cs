using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;
using TeleSante.Fhir;
using TeleSante.Fhir.Clinical;
using TeleSante.Gateway.Clinical.Tests.Infrastructure;
using TeleSante.Testing;
using FhirTask = Hl7.Fhir.Model.Task;
using Observation = Hl7.Fhir.Model.Observation;
using Task = System.Threading.Tasks.Task;

namespace TeleSante.Gateway.Clinical.Tests;

/// <summary>Issue 11, FHIR R4 out for the clinical act, against the real gateway (SQLite clinical store) and InfluxDB:
/// GET /api/clinical/requests/{id}/fhir for the two parties of a request, linked to what the gateway stored.</summary>
public sealed class ClinicalFhirTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    // A valid test-range INS (NIR test OID) and RPPS numbers with their Luhn check digit.
    private const string TestIns = "279035121518989";
    private const string NirTestOid = "1.2.250.1.213.1.4.10";

    private sealed record Clinic(GatewayProcess Gateway, HttpClient Pharmacist, HttpClient Cardiologist, HttpClient OtherCardiologist) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Pharmacist.Dispose();
            Cardiologist.Dispose();
            OtherCardiologist.Dispose();
            await Gateway.DisposeAsync();
        }
    }

    private async Task<Clinic> StartClinicAsync()
    {
        var gateway = await GatewayProcess.StartAsync(influx.Url);
        (await gateway.Admin.PostAsJsonAsync("/api/admin/sites", new { id = "pharma-1", name = "Pharmacie du Port", kind = "Pharmacy" })).EnsureSuccessStatusCode();
        (await gateway.Admin.PostAsJsonAsync("/api/admin/stations", new { id = "cabin-1", siteId = "pharma-1", name = "Cabine 1", kind = "Cabin", deviceIds = new[] { "ecg-1", "bp-1" } }))
            .EnsureSuccessStatusCode();
        await AddPractitionerAsync(gateway, "pharm-1", "10000000017", null, ["site-operator", "requester"], ["pharma-1"]);
        await AddPractitionerAsync(gateway, "cardio-1", "10000000025", "cardiology", ["specialist"], []);
        await AddPractitionerAsync(gateway, "cardio-2", "10000000033", "cardiology", ["specialist"], []);
        return new Clinic(gateway,
            await ClientAsync(gateway, "pharm-1", "site-operator,requester", "pharma-1"),
            await ClientAsync(gateway, "cardio-1", "specialist"),
            await ClientAsync(gateway, "cardio-2", "specialist"));
    }

    private static async Task AddPractitionerAsync(GatewayProcess gateway, string id, string rpps, string? specialty, string[] roles, string[] sites) =>
        (await gateway.Admin.PostAsJsonAsync("/api/admin/practitioners", new
        {
            id, familyName = "Nom-" + id, givenName = "Prénom", rpps, profession = specialty is null ? "pharmacist" : "physician", specialty, roles, siteIds = sites,
        })).EnsureSuccessStatusCode();

    private static async Task<HttpClient> ClientAsync(GatewayProcess gateway, string subject, string roles, string? site = null)
    {
        var client = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await gateway.DevTokenAsync(subject, roles, site));
        return client;
    }

    /// <summary>Patient with the test INS (qualified when the identity document was checked), consent for cardiology,
    /// consultation visit-1 open at cabin-1, and an ECG request over [from, to) of ecg-1 and bp-1.</summary>
    private static async Task FileRequestAsync(Clinic clinic, bool identityDocumentChecked, DateTimeOffset from, DateTimeOffset to)
    {
        (await clinic.Pharmacist.PostAsJsonAsync("/api/clinical/patients", new
        {
            id = "pat-1", ins = TestIns, insOid = NirTestOid, birthFamilyName = "PAT-TROIS", birthGivenNames = "DOMINIQUE MARIE", firstGivenName = "DOMINIQUE",
            birthDate = "1979-03-28", sex = "Female", birthPlaceCode = "51215", identityDocumentChecked,
        })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await clinic.Pharmacist.PostAsJsonAsync("/api/clinical/consents", new
        {
            id = "cons-1", patientId = "pat-1", informationGiven = "ECG read remotely by a cardiologist", specialties = new[] { "cardiology" }, shareReportWithTreatingGp = true,
            treatingGp = "Dr Généraliste",
        })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await clinic.Pharmacist.PostAsJsonAsync("/api/clinical/consultations", new { id = "visit-1", stationId = "cabin-1", patientId = "pat-1", consentId = "cons-1" }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        var filed = await clinic.Pharmacist.PostAsJsonAsync("/api/clinical/requests", new
        {
            id = "req-1", consultationId = "visit-1", kind = "EcgInterpretation", specialty = "cardiology", question = "Palpitations since this morning: rhythm?",
            clinicalContext = "58 y, no known cardiac history", priority = "SemiUrgent",
            recordings = new[] { new { deviceId = "ecg-1", from, to } },
            vitals = new[] { new { deviceId = "bp-1", from, to } },
        });
        filed.StatusCode.Should().Be(HttpStatusCode.Created, await filed.Content.ReadAsStringAsync());
    }

    /// <summary>One second of 12-lead ECG and a blood pressure, under the consultation's id as session id.</summary>
    private static async Task<long> StreamReadingsAsync(GatewayProcess gateway, long startNs)
    {
        var ecg = TestEcg.Batches(TestEcg.Recorder("ecg-1", "visit-1", startNs, leads: 12), 2);
        var bloodPressure = new ReadingBatch
        {
            DeviceId = "bp-1", Seq = 1, SessionId = "visit-1", SiteId = "test-pharmacy", DeviceTimeNs = startNs + 1_000_000_000,
            Observations =
            {
                new Contracts.V1.Observation { MdcCode = CodeCatalog.BpSystolic, Loinc = "8480-6", Value = 131, Unit = "mm[Hg]", TimeNs = startNs + 1_000_000_000 },
                new Contracts.V1.Observation { MdcCode = CodeCatalog.BpDiastolic, Loinc = "8462-4", Value = 84, Unit = "mm[Hg]", TimeNs = startNs + 1_000_000_000 },
            },
        };
        (await IngestStream.SendAllAsync(gateway.Grpc, [.. ecg, bloodPressure])).Should().OnlyContain(r => r.Ack != null);
        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(30));
        return ecg.Sum(b => b.Waveforms.Sum(w => w.Channels.Sum(c => c.Samples.Count)));
    }

    private static DateTimeOffset At(long ns) => DateTimeOffset.UnixEpoch.AddTicks(ns / 100);

    private static async Task<List<(string? Actor, string? Action, string? Resource, string? Outcome, string? Detail)>> AuditAsync(GatewayProcess gateway) =>
        [.. (await gateway.Admin.GetFromJsonAsync<JsonElement>("/api/admin/audit?limit=1000")).EnumerateArray().Select(e => (
            e.GetProperty("actor").GetString(), e.GetProperty("action").GetString(), e.GetProperty("resource").GetString(), e.GetProperty("outcome").GetString(),
            e.GetProperty("detail").GetString()))];

    private static T Resolve<T>(Bundle bundle, ResourceReference reference)
        where T : Resource => (T)bundle.Entry.Single(e => e.FullUrl == reference.Reference).Resource!;

    [Fact]
    public async Task The_two_parties_export_the_signed_request_as_fhir_linked_to_the_stored_recording_with_the_qualified_ins()
    {
        await using var clinic = await StartClinicAsync();
        var start = TestEcg.NowNs() - 60_000_000_000;
        var samples = await StreamReadingsAsync(clinic.Gateway, start);
        await FileRequestAsync(clinic, identityDocumentChecked: true, At(start - 1_000_000_000), At(TestEcg.NowNs() + 1_000_000_000));
        (await clinic.Cardiologist.PostAsync("/api/clinical/requests/req-1/accept", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await clinic.Cardiologist.PostAsJsonAsync("/api/clinical/requests/req-1/report", new
        {
            rhythm = "sinus", rateBpm = 72, prMs = 160, qrsMs = 90, qtMs = 380, qtcMs = 410, axisDegrees = 45, conclusion = "Normal ECG", followUp = "Routine", freeText = "",
        })).StatusCode.Should().Be(HttpStatusCode.OK);

        using var response = await clinic.Pharmacist.GetAsync("/api/clinical/requests/req-1/fhir");
        using var specialistResponse = await clinic.Cardiologist.GetAsync("/api/clinical/requests/req-1/fhir");
        using var outsider = await clinic.OtherCardiologist.GetAsync("/api/clinical/requests/req-1/fhir");

        var json = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, json);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/fhir+json");
        specialistResponse.StatusCode.Should().Be(HttpStatusCode.OK);
        outsider.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        JsonDocument.Parse(await outsider.Content.ReadAsStringAsync()).RootElement.GetProperty("code").GetString().Should().Be("NotTheRequester");

        // Round trip through the Firely parser: what the gateway sent reads back and writes out identically.
        var bundle = new FhirJsonDeserializer().Deserialize<Bundle>(json);
        var serializer = new FhirJsonSerializer();
        serializer.SerializeToString(new FhirJsonDeserializer().Deserialize<Bundle>(serializer.SerializeToString(bundle))).Should().Be(serializer.SerializeToString(bundle));
        bundle.Type.Should().Be(Bundle.BundleType.Collection);

        var patient = bundle.Entry.Select(e => e.Resource).OfType<Patient>().Single();
        patient.Identifier.Should().Contain(i => i.System == "urn:oid:" + NirTestOid && i.Value == TestIns && i.Type!.Coding.Single().Code == "INS-NIR-TEST");

        var report = bundle.Entry.Select(e => e.Resource).OfType<DiagnosticReport>().Single();
        report.Status.Should().Be(DiagnosticReport.DiagnosticReportStatus.Final);
        Resolve<Practitioner>(bundle, report.ResultsInterpreter.Single()).Identifier.Should().Contain(i => i.System == ClinicalSystems.Rpps && i.Value == "10000000025");
        var measurements = report.Result.Select(r => Resolve<Observation>(bundle, r)).ToList();
        measurements.Single(o => o.Code.Coding.Any(c => c.Code == "8636-3")).Value.Should().BeOfType<Quantity>().Which.Value.Should().Be(410m);
        var ecg = Resolve<Observation>(bundle, measurements[0].DerivedFrom.Single());
        ecg.Component.Should().HaveCount(12);
        ecg.Component.Sum(c => ((SampledData)c.Value!).Data!.Split(' ').Length).Should().Be((int)samples, "the report links to the stored samples");

        var order = bundle.Entry.Select(e => e.Resource).OfType<ServiceRequest>().Single();
        order.Priority.Should().Be(RequestPriority.Urgent, "semi-urgent");
        order.SupportingInfo.Select(r => Resolve<Observation>(bundle, r).Code.Coding.First().Code)
            .Should().BeEquivalentTo(["85354-9", "131328"], "the blood pressure panel and the ECG the request attached");
        var task = bundle.Entry.Select(e => e.Resource).OfType<FhirTask>().Single();
        task.Status.Should().Be(FhirTask.TaskStatus.Completed);
        task.BusinessStatus!.Coding.Single().Code.Should().Be("Answered");

        var trail = await AuditAsync(clinic.Gateway);
        trail.Select(e => (e.Actor, e.Action, e.Resource, e.Outcome)).Should().Contain([
            ("pharm-1", "clinical.request.export", "request/req-1", "allowed"), ("cardio-1", "clinical.request.export", "request/req-1", "allowed"),
            ("cardio-2", "clinical.request.export", "request/req-1", "denied")]);
        trail.Should().NotContain(e => (e.Detail ?? "").Contains(TestIns));
        clinic.Gateway.RecentOutput.Should().NotContain(TestIns, "the INS goes out in the bundle, never in the logs");
    }

    [Fact]
    public async Task An_identity_that_is_only_retrieved_is_exported_without_its_ins()
    {
        await using var clinic = await StartClinicAsync();
        var now = DateTimeOffset.UtcNow;
        await FileRequestAsync(clinic, identityDocumentChecked: false, now.AddMinutes(-5), now);

        using var response = await clinic.Pharmacist.GetAsync("/api/clinical/requests/req-1/fhir?waveforms=false");

        var json = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, json);
        json.Should().NotContain(TestIns, "an identity that is not qualified leaves without its INS");
        var bundle = FhirJson.Parse<Bundle>(json);
        var patient = bundle.Entry.Select(e => e.Resource).OfType<Patient>().Single();
        patient.Identifier.Select(i => i.System).Should().Equal(ClinicalSystems.PatientIdentifier);
        bundle.Entry.Select(e => e.Resource).OfType<FhirTask>().Single().Status.Should().Be(FhirTask.TaskStatus.Requested);
        bundle.Entry.Select(e => e.Resource).OfType<DiagnosticReport>().Should().BeEmpty("nothing is signed yet");
        clinic.Gateway.RecentOutput.Should().NotContain(TestIns);
    }

    [Fact]
    public async Task An_export_after_the_patient_withdrew_consent_is_refused_and_audited()
    {
        await using var clinic = await StartClinicAsync();
        var now = DateTimeOffset.UtcNow;
        await FileRequestAsync(clinic, identityDocumentChecked: true, now.AddMinutes(-5), now);
        (await clinic.Pharmacist.GetAsync("/api/clinical/requests/req-1/fhir")).StatusCode.Should().Be(HttpStatusCode.OK, "allowed before the withdrawal");
        (await clinic.Pharmacist.PostAsJsonAsync("/api/clinical/consents/cons-1/withdraw", new { reason = "the patient changed their mind" })).StatusCode.Should().Be(HttpStatusCode.OK);

        using var refused = await clinic.Pharmacist.GetAsync("/api/clinical/requests/req-1/fhir");

        var body = await refused.Content.ReadAsStringAsync();
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden, body);
        JsonDocument.Parse(body).RootElement.GetProperty("code").GetString().Should().Be("ConsentWithdrawn");
        body.Should().NotContain(TestIns);
        (await AuditAsync(clinic.Gateway)).Should().Contain(e => e.Actor == "pharm-1" && e.Action == "clinical.request.export" && e.Outcome == "denied"
            && (e.Detail ?? "").Contains("ConsentWithdrawn", StringComparison.Ordinal));
    }
}
