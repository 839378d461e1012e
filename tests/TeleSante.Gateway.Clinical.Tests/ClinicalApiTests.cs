using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TeleSante.Gateway.Clinical.Tests.Infrastructure;
using TeleSante.Testing;
using static TeleSante.Testing.GatewayHttp;

namespace TeleSante.Gateway.Clinical.Tests;

/// <summary>Issue 11 over HTTP and SignalR against the real gateway process: the tele-expertise workflow end to end, its typed,
/// audited refusals, the reads the pages need, turnaround, expiry and the live worklist. Run on each clinical store
/// (<see cref="SqliteClinicalApiTests"/>, <see cref="PostgresClinicalApiTests"/>).</summary>
public abstract partial class ClinicalApiTests(InfluxFixture influx)
{
    // A valid test-range INS (NIR test OID) and RPPS numbers with their Luhn check digit.
    private const string TestIns = "279035121518989";
    private const string NirTestOid = "1.2.250.1.213.1.4.10";

    protected InfluxFixture Influx { get; } = influx;

    /// <summary>The gateway settings that select this class's clinical store (a fresh database per call).</summary>
    protected abstract Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync();

    private sealed record Clinic(GatewayProcess Gateway, HttpClient Pharmacist, HttpClient Cardiologist, HttpClient OtherCardiologist, HttpClient Dermatologist,
        HttpClient Administrator, HttpClient OtherPharmacist) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Administrator.Dispose();
            OtherPharmacist.Dispose();
            Pharmacist.Dispose();
            Cardiologist.Dispose();
            OtherCardiologist.Dispose();
            Dermatologist.Dispose();
            await Gateway.DisposeAsync();
        }
    }

    private async Task<Clinic> StartClinicAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var all = new Dictionary<string, string>(await StoreSettingsAsync());
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        var gateway = await GatewayProcess.StartAsync(Influx.Url, all);
        (await gateway.Admin.PostAsJsonAsync("/api/admin/sites", new { id = "pharma-1", name = "Pharmacie du Port", kind = "Pharmacy" })).EnsureSuccessStatusCode();
        (await gateway.Admin.PostAsJsonAsync("/api/admin/sites", new { id = "pharma-2", name = "Pharmacie de la Gare", kind = "Pharmacy" })).EnsureSuccessStatusCode();
        (await gateway.Admin.PostAsJsonAsync("/api/admin/stations", new { id = "cabin-1", siteId = "pharma-1", name = "Cabine 1", kind = "Cabin", deviceIds = new[] { "ecg-1" } }))
            .EnsureSuccessStatusCode();
        await AddPractitionerAsync(gateway, "pharm-1", "10000000017", "pharmacist", null, ["site-operator", "requester"], ["pharma-1"]);
        await AddPractitionerAsync(gateway, "cardio-1", "10000000025", "physician", "cardiology", ["specialist"], []);
        await AddPractitionerAsync(gateway, "cardio-2", "10000000033", "physician", "cardiology", ["specialist"], []);
        await AddPractitionerAsync(gateway, "derm-1", "10000000041", "physician", "dermatology", ["specialist"], []);
        await AddPractitionerAsync(gateway, "admin-1", "10000000058", "administrator", null, ["administrator"], []);
        await AddPractitionerAsync(gateway, "pharm-2", "10000000066", "pharmacist", null, ["site-operator", "requester"], ["pharma-2"]);
        return new Clinic(gateway,
            await ClientAsync(gateway, "pharm-1", "site-operator,requester", "pharma-1"),
            await ClientAsync(gateway, "cardio-1", "specialist"),
            await ClientAsync(gateway, "cardio-2", "specialist"),
            await ClientAsync(gateway, "derm-1", "specialist"),
            await ClientAsync(gateway, "admin-1", "administrator"),
            await ClientAsync(gateway, "pharm-2", "site-operator,requester", "pharma-2"));
    }

    /// <summary>Patient with the test INS, consent for cardiology, consultation open at cabin-1.</summary>
    private static async Task OpenConsultationAsync(Clinic clinic, string patient = "pat-1", string consent = "cons-1", string consultation = "visit-1", string? ins = TestIns,
        string[]? specialties = null)
    {
        (await clinic.Pharmacist.PostAsJsonAsync("/api/clinical/patients", new
        {
            id = patient, ins, insOid = NirTestOid, birthFamilyName = "PAT-TROIS", birthGivenNames = "DOMINIQUE", firstGivenName = "DOMINIQUE",
            birthDate = "1979-03-28", sex = "Female", birthPlaceCode = "51215", identityDocumentChecked = true,
        })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await clinic.Pharmacist.PostAsJsonAsync("/api/clinical/consents", new
        {
            id = consent, patientId = patient, informationGiven = "ECG read remotely by a cardiologist", specialties = specialties ?? ["cardiology"], shareReportWithTreatingGp = false,
        })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await clinic.Pharmacist.PostAsJsonAsync("/api/clinical/consultations", new { id = consultation, stationId = "cabin-1", patientId = patient, consentId = consent }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
    }

    private static Task<HttpResponseMessage> FileEcgRequestAsync(Clinic clinic, string id = "req-1", string consultation = "visit-1", string priority = "Urgent",
        string specialty = "cardiology") =>
        clinic.Pharmacist.PostAsJsonAsync("/api/clinical/requests", new
        {
            id, consultationId = consultation, kind = "EcgInterpretation", specialty, question = "Palpitations since this morning: rhythm?",
            clinicalContext = "58 y, no known cardiac history", priority,
            recordings = new[] { new { deviceId = "ecg-1", from = DateTimeOffset.UtcNow.AddMinutes(-5), to = DateTimeOffset.UtcNow } },
        });

    private static readonly object Findings = new
    {
        rhythm = "sinus", rateBpm = 72, prMs = 160, qrsMs = 90, qtMs = 380, qtcMs = 410, axisDegrees = 45, conclusion = "Normal ECG", followUp = "Routine", freeText = "",
    };

    private static async Task ShouldBeRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, body);
        JsonDocument.Parse(body).RootElement.GetProperty("code").GetString().Should().Be(code, body);
    }

    private static async Task<List<(string? Actor, string? Action, string? Resource, string? Outcome, string? Detail)>> AuditAsync(GatewayProcess gateway) =>
        [.. (await gateway.Admin.GetFromJsonAsync<JsonElement>("/api/admin/audit?limit=1000")).EnumerateArray().Select(e => (
            e.GetProperty("actor").GetString(), e.GetProperty("action").GetString(), e.GetProperty("resource").GetString(), e.GetProperty("outcome").GetString(),
            e.GetProperty("detail").GetString()))];

    [Fact]
    public async Task An_ecg_request_goes_from_the_pharmacy_to_the_cardiologist_and_back_as_a_signed_report()
    {
        await using var clinic = await StartClinicAsync();
        await OpenConsultationAsync(clinic);
        var filed = await FileEcgRequestAsync(clinic);
        filed.StatusCode.Should().Be(HttpStatusCode.Created, await filed.Content.ReadAsStringAsync());
        (await JsonAsync(filed)).GetProperty("state").GetString().Should().Be("Submitted");
        (await FileEcgRequestAsync(clinic, "req-2", priority: "Routine")).StatusCode.Should().Be(HttpStatusCode.Created);

        var worklist = (await JsonAsync(await clinic.Cardiologist.GetAsync("/api/clinical/worklist"))).EnumerateArray().ToList();
        worklist.Select(r => r.GetProperty("id").GetString()).Should().Equal(["req-1", "req-2"], "urgent before routine");
        worklist.Should().OnlyContain(r => !r.GetProperty("overdue").GetBoolean());
        (await JsonAsync(await clinic.Dermatologist.GetAsync("/api/clinical/worklist"))).EnumerateArray().Should().BeEmpty("another specialty's requests are not theirs");

        var accepted = await clinic.Cardiologist.PostAsync("/api/clinical/requests/req-1/accept", null);
        accepted.StatusCode.Should().Be(HttpStatusCode.OK, await accepted.Content.ReadAsStringAsync());
        (await JsonAsync(await clinic.OtherCardiologist.GetAsync("/api/clinical/worklist"))).EnumerateArray().Select(r => r.GetProperty("id").GetString())
            .Should().Equal(["req-2"], "a request accepted by a colleague leaves the others' worklists");
        var mine = (await JsonAsync(await clinic.Cardiologist.GetAsync("/api/clinical/worklist"))).EnumerateArray().ToList();
        mine.Single(r => r.GetProperty("id").GetString() == "req-1").GetProperty("state").GetString().Should().Be("Accepted");

        var signed = await clinic.Cardiologist.PostAsJsonAsync("/api/clinical/requests/req-1/report", Findings);
        signed.StatusCode.Should().Be(HttpStatusCode.OK, await signed.Content.ReadAsStringAsync());

        var read = await JsonAsync(await clinic.Pharmacist.GetAsync("/api/clinical/requests/req-1"));
        read.GetProperty("request").GetProperty("state").GetString().Should().Be("Answered");
        var report = read.GetProperty("reports").EnumerateArray().Single();
        report.GetProperty("signedBy").GetString().Should().Be("cardio-1");
        report.GetProperty("signerRpps").GetString().Should().Be("10000000025");
        report.GetProperty("findings").GetProperty("conclusion").GetString().Should().Be("Normal ECG");

        var trail = await AuditAsync(clinic.Gateway);
        trail.Select(e => (e.Actor, e.Action, e.Resource, e.Outcome)).Should().Contain([
            ("pharm-1", "clinical.patient.add", "patient/pat-1", "allowed"), ("pharm-1", "clinical.consultation.open", "consultation/visit-1", "allowed"),
            ("pharm-1", "clinical.request.submit", "request/req-1", "allowed"), ("cardio-1", "clinical.request.accept", "request/req-1", "allowed"),
            ("cardio-1", "clinical.report.sign", "request/req-1", "allowed"), ("pharm-1", "clinical.request.read", "request/req-1", "allowed")]);
        clinic.Gateway.RecentOutput.Should().NotContain(TestIns, "the INS never appears in logs");
    }

    [Fact]
    public async Task Workflow_refusals_are_typed_problems_and_audited()
    {
        await using var clinic = await StartClinicAsync();
        await OpenConsultationAsync(clinic);
        (await FileEcgRequestAsync(clinic)).StatusCode.Should().Be(HttpStatusCode.Created);

        // Wrong role: a specialist opens a consultation; a specialist files a request.
        await ShouldBeRefusedAsync(await clinic.Cardiologist.PostAsJsonAsync("/api/clinical/consultations", new { id = "visit-x", stationId = "cabin-1", patientId = "pat-1", consentId = "cons-1" }),
            HttpStatusCode.Forbidden, "WrongRole");
        // A token role the directory does not grant is not enough either.
        using var selfPromoted = await ClientAsync(clinic.Gateway, "cardio-1", "specialist,site-operator", "pharma-1");
        await ShouldBeRefusedAsync(await selfPromoted.PostAsJsonAsync("/api/clinical/consents", new { id = "cons-x", patientId = "pat-1", informationGiven = "x", specialties = new[] { "cardiology" } }),
            HttpStatusCode.Forbidden, "WrongRole");
        await ShouldBeRefusedAsync(await clinic.Dermatologist.PostAsync("/api/clinical/requests/req-1/accept", null), HttpStatusCode.Forbidden, "OtherSpecialty");
        await ShouldBeRefusedAsync(await clinic.Dermatologist.GetAsync("/api/clinical/requests/req-1"), HttpStatusCode.Forbidden, "NotTheRequester");

        (await clinic.Cardiologist.PostAsync("/api/clinical/requests/req-1/accept", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await ShouldBeRefusedAsync(await clinic.OtherCardiologist.PostAsync("/api/clinical/requests/req-1/accept", null), HttpStatusCode.Conflict, "AlreadyAccepted");
        await ShouldBeRefusedAsync(await clinic.OtherCardiologist.PostAsJsonAsync("/api/clinical/requests/req-1/report", Findings), HttpStatusCode.Forbidden, "NotTheAcceptingSpecialist");
        (await clinic.Cardiologist.PostAsJsonAsync("/api/clinical/requests/req-1/report", Findings)).StatusCode.Should().Be(HttpStatusCode.OK);
        await ShouldBeRefusedAsync(await clinic.Cardiologist.PostAsJsonAsync("/api/clinical/requests/req-1/report", Findings), HttpStatusCode.Conflict, "ReportAlreadySigned");

        // Consultation closed: no request is filed from it any more.
        (await clinic.Pharmacist.PostAsync("/api/clinical/consultations/visit-1/close", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        await ShouldBeRefusedAsync(await FileEcgRequestAsync(clinic, "req-late"), HttpStatusCode.Conflict, "ConsultationClosed");

        // Consent withdrawn: no consultation is opened on it.
        (await clinic.Pharmacist.PostAsJsonAsync("/api/clinical/consents/cons-1/withdraw", new { reason = "the patient changed their mind" })).StatusCode.Should().Be(HttpStatusCode.OK);
        await ShouldBeRefusedAsync(await clinic.Pharmacist.PostAsJsonAsync("/api/clinical/consultations", new { id = "visit-2", stationId = "cabin-1", patientId = "pat-1", consentId = "cons-1" }),
            HttpStatusCode.Forbidden, "ConsentWithdrawn");

        var denied = (await AuditAsync(clinic.Gateway)).Where(e => e.Outcome == "denied").Select(e => (e.Actor, e.Action, e.Resource)).ToList();
        denied.Should().Contain([
            ("cardio-1", "clinical.consultation.open", "consultation/visit-x"), ("cardio-1", "clinical.consent.collect", "patient/pat-1"),
            ("derm-1", "clinical.request.accept", "request/req-1"), ("derm-1", "clinical.request.read", "request/req-1"),
            ("cardio-2", "clinical.request.accept", "request/req-1"), ("cardio-2", "clinical.report.sign", "request/req-1"),
            ("pharm-1", "clinical.request.submit", "request/req-late"), ("pharm-1", "clinical.consultation.open", "consultation/visit-2")]);
    }

    [Fact]
    public async Task A_bad_ins_key_or_a_bad_rpps_is_refused_without_echoing_the_ins()
    {
        await using var clinic = await StartClinicAsync();
        const string wrongKey = "279035121518988";
        var refused = await clinic.Pharmacist.PostAsJsonAsync("/api/clinical/patients", new
        {
            id = "pat-bad", ins = wrongKey, insOid = NirTestOid, birthFamilyName = "PAT-TROIS", birthGivenNames = "DOMINIQUE", firstGivenName = "DOMINIQUE",
            birthDate = "1979-03-28", sex = "Female", birthPlaceCode = "51215", identityDocumentChecked = true,
        });
        (await refused.Content.ReadAsStringAsync()).Should().NotContain(wrongKey);
        await ShouldBeRefusedAsync(refused, HttpStatusCode.BadRequest, "InvalidInput");

        var badRpps = await clinic.Gateway.Admin.PostAsJsonAsync("/api/admin/practitioners", new
        {
            id = "cardio-x", familyName = "X", givenName = "Y", rpps = "10000000018", profession = "physician", specialty = "cardiology", roles = new[] { "specialist" },
        });
        await ShouldBeRefusedAsync(badRpps, HttpStatusCode.BadRequest, "InvalidInput");
        // The practitioner was not created: their token opens nothing.
        using var unknown = await ClientAsync(clinic.Gateway, "cardio-x", "specialist");
        await ShouldBeRefusedAsync(await unknown.GetAsync("/api/clinical/worklist"), HttpStatusCode.Forbidden, "WrongRole");

        var trail = await AuditAsync(clinic.Gateway);
        trail.Should().Contain(e => e.Action == "clinical.patient.add" && e.Resource == "patient/pat-bad" && e.Outcome == "denied");
        trail.Should().Contain(e => e.Action == "practitioner.register" && e.Resource == "practitioner/cardio-x" && e.Outcome == "denied");
        trail.Should().NotContain(e => (e.Detail ?? "").Contains(wrongKey), "the INS is never in the audit trail either");
        clinic.Gateway.RecentOutput.Should().NotContain(wrongKey);
    }
}
