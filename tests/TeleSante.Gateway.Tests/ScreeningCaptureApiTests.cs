using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TeleSante.FirmwareSim.Devices.Fundus;
using TeleSante.Gateway.Tests.Infrastructure;
using TeleSante.Testing;
using static TeleSante.Testing.GatewayHttp;

namespace TeleSante.Gateway.Tests;

/// <summary>
/// The capture side of a screening visit (issue 13) against the real gateway with the committed quality gate: the
/// simulated camera uploads into the visit, the upload's answer and the operator's field status say which field to
/// retake and why, a retake supersedes the ungradable capture (kept, audited), and the visit is refused to grading
/// (409, fields named) until it is complete or the operator says why not.
/// </summary>
public sealed class ScreeningCaptureApiTests(FundusGateGateway fixture) : IClassFixture<FundusGateGateway>
{
    private const string Visit = "visit-cap-1";

    [Fact]
    public async Task A_retake_supersedes_the_ungradable_field_and_an_incomplete_visit_is_refused_to_grading_with_its_fields_named()
    {
        var gateway = fixture.Gateway;
        using var pharmacist = await SetUpVisitAsync(gateway);
        using var grader = await ClientAsync(gateway, "grader-c", "grader");
        using var otherOperator = await ClientAsync(gateway, "nurse-c", "site-operator,requester", "other-site-c");

        var blurred = await UploadAsync(FundusDefectKind.OutOfFocus, 0.8, FundusField.MaculaCentred, Laterality.OD, "macula");
        var field = blurred.GetProperty("screening").GetProperty("field");
        field.GetProperty("state").GetString().Should().Be("Ungradable", blurred.ToString());
        field.GetProperty("retake").GetBoolean().Should().BeTrue();
        field.GetProperty("current").GetProperty("reasons")[0].GetString().Should().Be("out of focus");

        var fields = (await JsonAsync(await pharmacist.GetAsync($"/api/screening/visits/{Visit}/fields"))).GetProperty("fields").EnumerateArray().ToList();
        fields.Select(f => (f.GetProperty("eye").GetString(), f.GetProperty("field").GetString(), f.GetProperty("state").GetString())).Should().Equal(
            ("OD", "MaculaCentred", "Ungradable"), ("OD", "DiscCentred", "Missing"), ("OS", "MaculaCentred", "Missing"), ("OS", "DiscCentred", "Missing"));
        await ShouldBeRefusedAsync(await grader.GetAsync($"/api/screening/visits/{Visit}/fields"), HttpStatusCode.Forbidden, "WrongRole");
        await ShouldBeRefusedAsync(await otherOperator.GetAsync($"/api/screening/visits/{Visit}/fields"), HttpStatusCode.Forbidden, "WrongRole");

        var refused = await ShouldBeRefusedAsync(await pharmacist.PostAsJsonAsync($"/api/screening/visits/{Visit}/send", new { }), HttpStatusCode.Conflict, "WrongState");
        refused.GetProperty("detail").GetString().Should().Contain("right eye macula-centred: ungradable (out of focus)").And.Contain("left eye disc-centred: missing");

        var retake = await UploadAsync(FundusDefectKind.None, 0, FundusField.MaculaCentred, Laterality.OD, "macula");
        var retaken = retake.GetProperty("screening").GetProperty("field");
        retaken.GetProperty("state").GetString().Should().Be("Gradable", retake.ToString());
        retaken.GetProperty("current").GetProperty("imageId").GetInt64().Should().Be(retake.GetProperty("imageId").GetInt64());
        retaken.GetProperty("retakeAfter").EnumerateArray().Select(r => r.GetString()).Should().Equal("out of focus");
        retaken.GetProperty("earlier").EnumerateArray().Should().ContainSingle().Which.GetProperty("imageId").GetInt64().Should().Be(blurred.GetProperty("imageId").GetInt64());

        await UploadAsync(FundusDefectKind.None, 0, FundusField.DiscCentred, Laterality.OD, "disc");
        await UploadAsync(FundusDefectKind.None, 0, FundusField.MaculaCentred, Laterality.OS, "macula");
        await UploadAsync(FundusDefectKind.None, 0, FundusField.DiscCentred, Laterality.OS, "disc");
        var sent = await JsonAsync(await pharmacist.PostAsJsonAsync($"/api/screening/visits/{Visit}/send", new { }));
        sent.GetProperty("complete").GetBoolean().Should().BeTrue();

        var graded = await JsonAsync(await grader.GetAsync($"/api/screening/visits/{Visit}/fields"));
        graded.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("state").GetString()).Should().AllBe("Gradable");
        (await JsonAsync(await grader.GetAsync("/api/screening/worklist"))).EnumerateArray().Select(t => t.GetProperty("visitId").GetString()).Should().Contain(Visit);
        var late = await UploadAsync(FundusDefectKind.None, 0, FundusField.DiscCentred, Laterality.OS, "disc");
        late.GetProperty("screening").GetProperty("recorded").GetBoolean().Should().BeFalse("the graders' photographs do not change once the visit is sent");

        var audit = (await gateway.Admin.GetFromJsonAsync<JsonElement>("/api/admin/audit?limit=2000")).EnumerateArray()
            .Select(e => (Action: e.GetProperty("action").GetString(), Outcome: e.GetProperty("outcome").GetString(), Detail: e.TryGetProperty("detail", out var d) ? d.GetString() : null)).ToList();
        audit.Should().Contain(e => e.Action == "screening.retake" && e.Outcome == "allowed" && e.Detail!.Contains("out of focus", StringComparison.Ordinal));
        audit.Should().Contain(e => e.Action == "screening.visit.send" && e.Outcome == "denied");
        audit.Should().Contain(e => e.Action == "screening.fields.read" && e.Outcome == "allowed");
        audit.Should().Contain(e => e.Action == "screening.capture" && e.Outcome == "denied");
    }

    private static async Task<HttpClient> SetUpVisitAsync(GatewayProcess gateway)
    {
        const string site = FundusGateGateway.Site;
        (await gateway.Admin.PostAsJsonAsync("/api/admin/sites", new { id = site, name = "Pharmacie du Lac", kind = "Pharmacy" })).EnsureSuccessStatusCode();
        (await gateway.Admin.PostAsJsonAsync("/api/admin/sites", new { id = "other-site-c", name = "Maison de santé", kind = "Pharmacy" })).EnsureSuccessStatusCode();
        (await gateway.Admin.PostAsJsonAsync("/api/admin/stations", new { id = "cabin-c", siteId = site, name = "Cabine", kind = "Cabin", deviceIds = new[] { FundusGateGateway.Camera } }))
            .EnsureSuccessStatusCode();
        await AddPractitionerAsync(gateway, "pharm-c", "10000000017", "pharmacist", null, ["site-operator", "requester"], [site]);
        await AddPractitionerAsync(gateway, "nurse-c", "10000000041", "pharmacist", null, ["site-operator", "requester"], ["other-site-c"]);
        await AddPractitionerAsync(gateway, "admin-c", "10000000058", "administrator", null, ["administrator"], []);
        await AddPractitionerAsync(gateway, "grader-c", "10000000025", "orthoptist", "ophthalmology", ["grader"], []);
        var pharmacist = await ClientAsync(gateway, "pharm-c", "site-operator,requester", site);
        using var admin = await ClientAsync(gateway, "admin-c", "administrator");
        (await admin.PostAsJsonAsync("/api/screening/campaigns", new { id = "dr-cap", name = "Dépistage RD", siteIds = new[] { site }, startsOn = "2026-01-01", endsOn = "2027-12-31" }))
            .EnsureSuccessStatusCode();
        (await pharmacist.PostAsJsonAsync("/api/clinical/patients", new
        {
            id = "pat-c", birthFamilyName = "MARTIN", birthGivenNames = "JEAN", firstGivenName = "JEAN", birthDate = "1958-06-01", sex = "Male", birthPlaceCode = "46042",
            identityDocumentChecked = true,
        })).EnsureSuccessStatusCode();
        (await pharmacist.PostAsJsonAsync("/api/screening/campaigns/dr-cap/enrolments", new { patientId = "pat-c", siteId = site, consecutiveNoRetinopathy = 0 })).EnsureSuccessStatusCode();
        (await pharmacist.PostAsJsonAsync("/api/clinical/consents", new { id = "cons-c", patientId = "pat-c", informationGiven = "Fundus photographs graded remotely", specialties = new[] { "ophthalmology" } }))
            .EnsureSuccessStatusCode();
        (await pharmacist.PostAsJsonAsync("/api/clinical/consultations", new { id = Visit, stationId = "cabin-c", patientId = "pat-c", consentId = "cons-c" })).EnsureSuccessStatusCode();
        (await pharmacist.PostAsJsonAsync("/api/screening/visits", new { consultationId = Visit, campaignId = "dr-cap" })).EnsureSuccessStatusCode();
        return pharmacist;
    }

    private async Task<JsonElement> UploadAsync(FundusDefectKind kind, double severity, FundusField field, Laterality eye, string declaredField)
    {
        var (status, body) = await fixture.UploadAsync(Visit, kind, severity, field, eye, declaredField, cameraSeed: 23, eyeSeed: 4242);
        status.Should().Be(HttpStatusCode.Created, body.ToString());
        return body;
    }

    private static async Task<JsonElement> ShouldBeRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, body);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        problem.GetProperty("code").GetString().Should().Be(code, body);
        return problem;
    }
}
