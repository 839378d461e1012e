using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TeleSante.Testing;
using static TeleSante.Testing.GatewayHttp;

namespace TeleSante.Gateway.Clinical.Tests;

/// <summary>Issue 13 over HTTP against the real gateway process (SQLite store; the store itself is tested on both
/// providers): a campaign, a visit graded twice and arbitrated, the referral it opens, the dashboard, the refusals.</summary>
public sealed class ScreeningApiTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    private static async Task ShouldBeRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, body);
        JsonDocument.Parse(body).RootElement.GetProperty("code").GetString().Should().Be(code, body);
    }

    private static object Eye(bool irma = false, bool newVesselsOnDisc = false, string haemorrhages = "None") => new
    {
        irma, newVesselsOnDisc, haemorrhages, microaneurysms = haemorrhages != "None", laserScars = "None",
    };

    [Fact]
    public async Task A_screening_visit_is_graded_twice_arbitrated_and_its_urgent_referral_tracked()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string>());
        (await gateway.Admin.PostAsJsonAsync("/api/admin/sites", new { id = "pharma-1", name = "Pharmacie du Port", kind = "Pharmacy" })).EnsureSuccessStatusCode();
        (await gateway.Admin.PostAsJsonAsync("/api/admin/stations", new { id = "cabin-1", siteId = "pharma-1", name = "Cabine 1", kind = "Cabin", deviceIds = new[] { "fundus-1" } }))
            .EnsureSuccessStatusCode();
        await AddPractitionerAsync(gateway, "pharm-1", "10000000017", "pharmacist", null, ["site-operator", "requester"], ["pharma-1"]);
        await AddPractitionerAsync(gateway, "admin-1", "10000000058", "administrator", null, ["administrator"], []);
        await AddPractitionerAsync(gateway, "grader-1", "10000000025", "orthoptist", "ophthalmology", ["grader"], []);
        await AddPractitionerAsync(gateway, "grader-2", "10000000033", "orthoptist", "ophthalmology", ["grader"], []);
        await AddPractitionerAsync(gateway, "ophtha-1", "10000000041", "physician", "ophthalmology", ["grader", "arbitration-grader"], []);
        await AddPractitionerAsync(gateway, "cardio-1", "10000000066", "physician", "cardiology", ["specialist"], []);
        using var pharmacist = await ClientAsync(gateway, "pharm-1", "site-operator,requester", "pharma-1");
        using var admin = await ClientAsync(gateway, "admin-1", "administrator");
        using var grader1 = await ClientAsync(gateway, "grader-1", "grader");
        using var grader2 = await ClientAsync(gateway, "grader-2", "grader");
        using var arbiter = await ClientAsync(gateway, "ophtha-1", "grader,arbitration-grader");
        using var cardiologist = await ClientAsync(gateway, "cardio-1", "specialist");

        (await admin.PostAsJsonAsync("/api/screening/campaigns", new { id = "dr-2026", name = "Dépistage RD 2026", siteIds = new[] { "pharma-1" }, startsOn = "2026-01-01", endsOn = "2026-12-31" }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        await ShouldBeRefusedAsync(await pharmacist.PostAsJsonAsync("/api/screening/campaigns", new { id = "x", name = "x", siteIds = new[] { "pharma-1" }, startsOn = "2026-01-01", endsOn = "2026-02-01" }),
            HttpStatusCode.Forbidden, "WrongRole");
        (await pharmacist.PostAsJsonAsync("/api/clinical/patients", new
        {
            id = "pat-1", birthFamilyName = "MARTIN", birthGivenNames = "JEAN", firstGivenName = "JEAN", birthDate = "1958-06-01", sex = "Male", birthPlaceCode = "46042",
            identityDocumentChecked = true,
        })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await pharmacist.PostAsJsonAsync("/api/screening/campaigns/dr-2026/enrolments", new { patientId = "pat-1", siteId = "pharma-1", lastScreenedOn = "2024-11-20", consecutiveNoRetinopathy = 0 }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        (await JsonAsync(await pharmacist.GetAsync("/api/screening/campaigns/dr-2026/due?asOf=2026-02-01"))).EnumerateArray().Select(e => e.GetProperty("patientId").GetString())
            .Should().Equal("pat-1");
        (await pharmacist.PostAsJsonAsync("/api/clinical/consents", new { id = "cons-1", patientId = "pat-1", informationGiven = "Fundus photographs graded remotely", specialties = new[] { "ophthalmology" } }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        (await pharmacist.PostAsJsonAsync("/api/clinical/consultations", new { id = "visit-1", stationId = "cabin-1", patientId = "pat-1", consentId = "cons-1" }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        (await pharmacist.PostAsJsonAsync("/api/screening/visits", new { consultationId = "visit-1", campaignId = "dr-2026" })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await JsonAsync(await grader1.GetAsync("/api/screening/worklist"))).EnumerateArray().Should().BeEmpty("the photographs are still being taken");
        await ShouldBeRefusedAsync(await pharmacist.PostAsJsonAsync("/api/screening/visits/visit-1/send", new { }), HttpStatusCode.Conflict, "WrongState");
        (await JsonAsync(await pharmacist.PostAsJsonAsync("/api/screening/visits/visit-1/send", new { incompleteReason = "camera out of order" })))
            .GetProperty("incompleteFields").GetArrayLength().Should().Be(4);

        (await JsonAsync(await grader1.GetAsync("/api/screening/worklist"))).EnumerateArray().Select(t => t.GetProperty("stage").GetString()).Should().Equal("AwaitingFirstGrading");
        await ShouldBeRefusedAsync(await grader1.PostAsJsonAsync("/api/screening/visits/visit-1/gradings", new { right = new { haemorrhages = "Lots" }, left = Eye() }),
            HttpStatusCode.BadRequest, "InvalidInput");
        var first = await JsonAsync(await grader1.PostAsJsonAsync("/api/screening/visits/visit-1/gradings", new { right = Eye(irma: true), left = Eye() }));
        first.GetProperty("stage").GetString().Should().Be("AwaitingSecondGrading");
        first.GetProperty("first").GetProperty("right").GetProperty("code").GetString().Should().Be("R2M0");
        await ShouldBeRefusedAsync(await grader1.PostAsJsonAsync("/api/screening/visits/visit-1/gradings", new { right = Eye(irma: true), left = Eye() }),
            HttpStatusCode.Forbidden, "OwnGrading");

        var second = await JsonAsync(await grader2.PostAsJsonAsync("/api/screening/visits/visit-1/gradings", new { right = Eye(newVesselsOnDisc: true), left = Eye() }));
        second.GetProperty("stage").GetString().Should().Be("AwaitingArbitration");
        second.GetProperty("differences").EnumerateArray().Select(d => d.GetString()).Should().Equal("right eye retinopathy: R2 vs R3A");
        (await JsonAsync(await grader1.GetAsync("/api/screening/worklist"))).EnumerateArray().Should().BeEmpty();
        (await JsonAsync(await arbiter.GetAsync("/api/screening/worklist"))).EnumerateArray().Select(t => t.GetProperty("stage").GetString()).Should().Equal("AwaitingArbitration");

        var final = await JsonAsync(await arbiter.PostAsJsonAsync("/api/screening/visits/visit-1/gradings", new { right = Eye(newVesselsOnDisc: true), left = Eye(haemorrhages: "Present") }));
        final.GetProperty("final").GetProperty("graderId").GetString().Should().Be("ophtha-1");
        final.GetProperty("final").GetProperty("outcome").GetString().Should().Be("UrgentReferral");
        final.GetProperty("final").GetProperty("left").GetProperty("icdr").GetString().Should().Be("ModerateNonProliferative");
        await ShouldBeRefusedAsync(await grader2.PostAsJsonAsync("/api/screening/visits/visit-1/gradings", new { right = Eye(), left = Eye() }), HttpStatusCode.Conflict, "GradeFinal");
        await ShouldBeRefusedAsync(await cardiologist.GetAsync("/api/screening/visits/visit-1"), HttpStatusCode.Forbidden, "WrongRole");

        var referral = (await JsonAsync(await pharmacist.GetAsync("/api/screening/campaigns/dr-2026/referrals"))).EnumerateArray().Should().ContainSingle().Subject;
        referral.GetProperty("outcome").GetString().Should().Be("UrgentReferral");
        referral.GetProperty("deadline").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow.AddDays(14), TimeSpan.FromMinutes(5));
        referral.GetProperty("overdue").GetBoolean().Should().BeFalse();

        var dashboard = (await JsonAsync(await admin.GetAsync("/api/screening/campaigns/dr-2026/dashboard"))).EnumerateArray().Last();
        dashboard.GetProperty("siteId").GetString().Should().Be("*");
        dashboard.GetProperty("graded").GetInt32().Should().Be(1);
        dashboard.GetProperty("referableRate").GetDouble().Should().Be(1.0);
        var csv = await (await admin.GetAsync("/api/screening/campaigns/dr-2026/dashboard.csv")).Content.ReadAsStringAsync();
        csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Should().Equal(
            "site,invited,screened,graded,gradable_rate,referable_rate,pending_grading,median_turnaround_hours,overdue_referrals",
            $"pharma-1,1,1,1,1,1,0,{dashboard.GetProperty("medianTurnaroundHours").GetDouble().ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)},0",
            $"*,1,1,1,1,1,0,{dashboard.GetProperty("medianTurnaroundHours").GetDouble().ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)},0");

        var bundle = await JsonAsync(await admin.GetAsync("/api/screening/campaigns/dr-2026/fhir"));
        var resources = bundle.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource")).ToList();
        var report = resources.Should().ContainSingle(r => r.GetProperty("resourceType").GetString() == "DiagnosticReport").Subject;
        report.GetProperty("conclusion").GetString().Should().Be("Right R3AM0, left R1M0: UrgentReferral");
        resources.Should().Contain(r => r.GetProperty("resourceType").GetString() == "Observation"
            && r.GetProperty("code").GetProperty("coding")[0].GetProperty("code").GetString() == "71491-5"
            && r.GetProperty("valueCodeableConcept").GetProperty("coding")[0].GetProperty("code").GetString() == "LA18648-8");
        resources.Should().NotContain(r => r.GetProperty("resourceType").GetString() == "Patient");

        var audit = (await gateway.Admin.GetFromJsonAsync<JsonElement>("/api/admin/audit?limit=1000")).EnumerateArray()
            .Select(e => (Actor: e.GetProperty("actor").GetString(), Action: e.GetProperty("action").GetString(), Outcome: e.GetProperty("outcome").GetString())).ToList();
        audit.Should().Contain(("grader-1", "screening.grade", "denied"));
        audit.Should().Contain(("ophtha-1", "screening.grade", "allowed"));
        audit.Should().Contain(("cardio-1", "screening.visit.read", "denied"));
    }

    [Fact]
    public async Task A_second_grading_share_out_of_range_stops_the_gateway_at_start_up()
    {
        var start = async () => await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string> { ["Screening:SecondGradingShare"] = "1.5" });

        (await start.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("Screening:SecondGradingShare");
    }
}
