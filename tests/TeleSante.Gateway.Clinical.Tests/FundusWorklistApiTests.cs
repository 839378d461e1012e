using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TeleSante.Gateway.Clinical.Tests.Infrastructure;
using TeleSante.Testing;
using static TeleSante.Testing.GatewayHttp;

namespace TeleSante.Gateway.Clinical.Tests;

/// <summary>Issue 13: each screening visit's grading request is an item of the tele-expertise worklist (kind FundusGrading) for the
/// graders whose step it is, whose state follows the grading (first, second, arbitration, final), over HTTP and live over the
/// clinical hub, against the gateway process. Run on each clinical store (<see cref="SqliteFundusWorklistApiTests"/>,
/// <see cref="PostgresFundusWorklistApiTests"/>).</summary>
public abstract class FundusWorklistApiTests(InfluxFixture influx)
{
    /// <summary>The gateway settings that select this class's clinical store (a fresh database per call).</summary>
    protected abstract Task<IReadOnlyDictionary<string, string>> StoreSettingsAsync();

    private static object Eye(bool irma = false, bool newVesselsOnDisc = false) => new { irma, newVesselsOnDisc, haemorrhages = "None", laserScars = "None" };

    private static async Task<IReadOnlyList<JsonElement>> WorklistAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/clinical/worklist");
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, body);
        return [.. JsonDocument.Parse(body).RootElement.EnumerateArray().Select(e => e.Clone())];
    }

    private static IEnumerable<(string? Kind, string? Id, string? State)> Fundus(IEnumerable<JsonElement> items) =>
        items.Where(i => i.GetProperty("kind").GetString() == "FundusGrading")
            .Select(i => (i.GetProperty("kind").GetString(), i.GetProperty("id").GetString(), i.GetProperty("state").GetString()));

    [Fact]
    public async Task A_visits_grading_request_is_in_the_graders_tele_expertise_worklist_and_follows_its_grading_to_the_final_grade()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, await StoreSettingsAsync());
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
        (await pharmacist.PostAsJsonAsync("/api/clinical/patients", new
        {
            id = "pat-1", birthFamilyName = "MARTIN", birthGivenNames = "JEAN", firstGivenName = "JEAN", birthDate = "1958-06-01", sex = "Male", birthPlaceCode = "46042",
            identityDocumentChecked = true,
        })).StatusCode.Should().Be(HttpStatusCode.Created);
        (await pharmacist.PostAsJsonAsync("/api/screening/campaigns/dr-2026/enrolments", new { patientId = "pat-1", siteId = "pharma-1", lastScreenedOn = "2024-11-20", consecutiveNoRetinopathy = 0 }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        (await pharmacist.PostAsJsonAsync("/api/clinical/consents", new { id = "cons-1", patientId = "pat-1", informationGiven = "Fundus photographs graded remotely", specialties = new[] { "ophthalmology" } }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        (await pharmacist.PostAsJsonAsync("/api/clinical/consultations", new { id = "visit-1", stationId = "cabin-1", patientId = "pat-1", consentId = "cons-1" }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        (await pharmacist.PostAsJsonAsync("/api/screening/visits", new { consultationId = "visit-1", campaignId = "dr-2026" })).StatusCode.Should().Be(HttpStatusCode.Created);

        // Graders follow their worklist live, as the worklist page does.
        await using var grader2Live = await ClinicalHubClient.ConnectAsync(gateway, await gateway.DevTokenAsync("grader-2", "grader"));
        await using var arbiterLive = await ClinicalHubClient.ConnectAsync(gateway, await gateway.DevTokenAsync("ophtha-1", "grader,arbitration-grader"));
        (await grader2Live.SubscribeWorklistAsync()).EnumerateArray().Should().BeEmpty();
        (await arbiterLive.SubscribeWorklistAsync()).EnumerateArray().Should().BeEmpty();
        Fundus(await WorklistAsync(grader1)).Should().BeEmpty("a visit still being photographed is not a grading request yet");

        (await pharmacist.PostAsJsonAsync("/api/screening/visits/visit-1/send", new { incompleteReason = "camera out of order" })).StatusCode.Should().Be(HttpStatusCode.OK);
        var item = (await WorklistAsync(grader1)).Should().ContainSingle().Subject;
        item.GetProperty("kind").GetString().Should().Be("FundusGrading");
        item.GetProperty("id").GetString().Should().Be("visit-1");
        item.GetProperty("state").GetString().Should().Be("AwaitingFirstGrading");
        item.GetProperty("siteId").GetString().Should().Be("pharma-1");
        item.GetProperty("yourStep").GetBoolean().Should().BeTrue();
        item.GetProperty("priority").ValueKind.Should().Be(JsonValueKind.Null, "screening grading has no requester's priority: none is invented");
        item.GetProperty("dueAt").ValueKind.Should().Be(JsonValueKind.Null);
        var open = item.GetProperty("open").GetString();
        open.Should().Be("/clinical/grading.html?visit=visit-1");
        (await grader1.GetAsync(open)).StatusCode.Should().Be(HttpStatusCode.OK, "the item opens the grading page");
        (await grader2Live.WorklistItemAsync("visit-1", "AwaitingFirstGrading")).GetProperty("yourStep").GetBoolean().Should().BeTrue();
        Fundus(await WorklistAsync(cardiologist)).Should().BeEmpty("a cardiologist is not a grader");
        var refused = await pharmacist.GetAsync("/api/clinical/worklist");
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);

        // First grading (referable: R2) -> second grading by another grader; the first grader's step is done.
        (await grader1.PostAsJsonAsync("/api/screening/visits/visit-1/gradings", new { right = Eye(irma: true), left = Eye() })).StatusCode.Should().Be(HttpStatusCode.OK);
        Fundus(await WorklistAsync(grader1)).Should().BeEmpty("a grader never second-grades their own grading");
        Fundus(await WorklistAsync(grader2)).Should().Equal([("FundusGrading", "visit-1", "AwaitingSecondGrading")]);
        (await grader2Live.WorklistItemAsync("visit-1", "AwaitingSecondGrading")).GetProperty("yourStep").GetBoolean().Should().BeTrue();

        // A disagreement -> arbitration, only for an arbitration grader who graded neither.
        (await grader2.PostAsJsonAsync("/api/screening/visits/visit-1/gradings", new { right = Eye(newVesselsOnDisc: true), left = Eye() })).StatusCode.Should().Be(HttpStatusCode.OK);
        Fundus(await WorklistAsync(grader1)).Should().BeEmpty();
        Fundus(await WorklistAsync(grader2)).Should().BeEmpty();
        Fundus(await WorklistAsync(arbiter)).Should().Equal([("FundusGrading", "visit-1", "AwaitingArbitration")]);
        (await grader2Live.WorklistItemAsync("visit-1", "AwaitingArbitration")).GetProperty("yourStep").GetBoolean().Should().BeFalse("grader-2 cannot arbitrate: the page drops it");
        (await arbiterLive.WorklistItemAsync("visit-1", "AwaitingArbitration")).GetProperty("yourStep").GetBoolean().Should().BeTrue();

        // The arbiter's grade is final: the request leaves every worklist.
        (await arbiter.PostAsJsonAsync("/api/screening/visits/visit-1/gradings", new { right = Eye(newVesselsOnDisc: true), left = Eye() })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await arbiterLive.WorklistItemAsync("visit-1", "Final")).GetProperty("yourStep").GetBoolean().Should().BeFalse();
        foreach (var grader in new[] { grader1, grader2, arbiter })
        {
            Fundus(await WorklistAsync(grader)).Should().BeEmpty();
        }

        var trail = (await gateway.Admin.GetFromJsonAsync<JsonElement>("/api/admin/audit?limit=1000")).EnumerateArray()
            .Select(e => (Actor: e.GetProperty("actor").GetString(), Action: e.GetProperty("action").GetString(), Outcome: e.GetProperty("outcome").GetString())).ToList();
        trail.Should().Contain(("grader-1", "clinical.worklist.read", "allowed"));
        trail.Should().Contain(("pharm-1", "clinical.worklist.read", "denied"));
        trail.Should().Contain(("grader-2", "clinical.worklist.subscribe", "allowed"));
    }
}
