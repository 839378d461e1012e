using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using TeleSante.FirmwareSim.Devices.Fundus;
using TeleSante.LiveView.Tests.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.LiveView.Tests;

/// <summary>
/// Issue 13's grading page in Debian's chromium (playwright-core) against the real gateway process: a visit with its
/// four photographs from the simulated camera, in the grader's worklist, graded from the page. Screenshots go to
/// artifacts/ (grading-*).
/// </summary>
public sealed class ScreeningBrowserTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    private const string Chromium = "/usr/bin/chromium";
    internal const string Site = "pharma-1";
    internal const string Visit = "visit-1";

    [Fact]
    public async Task A_grader_opens_a_visit_sees_both_eyes_at_full_resolution_red_free_records_the_features_and_the_dashboard_counts_it()
    {
        File.Exists(Chromium).Should().BeTrue("Debian chromium is needed (scripts/install-web.sh --with-browser)");
        Directory.Exists(Path.Combine(NodeScript.NodeModules, "playwright-core")).Should().BeTrue("playwright-core is needed (scripts/install-web.sh)");
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        var pharmacist = await PrepareVisitAsync(gateway);
        foreach (var (eye, laterality) in new[] { ("OD", Laterality.OD), ("OS", Laterality.OS) })
        {
            foreach (var (field, kind) in new[] { ("macula", FundusField.MaculaCentred), ("disc", FundusField.DiscCentred) })
            {
                var png = new FundusCamera(new FundusCameraOptions { DeviceId = "fundus-1", SiteId = Site, Width = 640, Height = 480, Seed = 7 }).Capture(laterality, kind).EncodePng();
                await UploadAsync(gateway, $"{eye}-{field}", eye, field, png);
            }
        }

        (await pharmacist.PostAsJsonAsync($"/api/screening/visits/{Visit}/send", new { })).EnsureSuccessStatusCode();
        var lines = await NodeScript.RunAsync("tests/TeleSante.LiveView.Tests/Browser/grading.cjs", new
        {
            @base = gateway.Http.BaseAddress!.ToString(),
            chromium = Chromium,
            artifacts = Repository.Artifacts,
            visit = Visit,
            graderToken = await gateway.DevTokenAsync("grader-1", "grader"),
            adminToken = await gateway.DevTokenAsync("admin-1", "administrator"),
            campaign = "dr-2026",
        }, TimeSpan.FromSeconds(120));

        var root = lines.Should().ContainSingle().Subject;
        root.GetProperty("pageErrors").GetArrayLength().Should().Be(0, root.GetProperty("pageErrors").ToString());
        root.GetProperty("worklist").EnumerateArray().Select(r => (r.GetProperty("visit").GetString(), r.GetProperty("stage").GetString()))
            .Should().Equal((Visit, "AwaitingFirstGrading"));
        var fundusRow = root.GetProperty("teleExpertiseWorklist").EnumerateArray().Should().ContainSingle().Subject;
        fundusRow.GetProperty("kind").GetString().Should().Be("FundusGrading");
        fundusRow.GetProperty("state").GetString().Should().Be("AwaitingFirstGrading");
        fundusRow.GetProperty("text").GetString().Should().Contain("First grading").And.Contain("no due time");
        root.GetProperty("openedFromWorklist").GetString().Should().Be("/clinical/grading.html?visit=" + Visit);
        root.GetProperty("panels").EnumerateArray().Select(p => $"{p.GetProperty("eye").GetString()} {p.GetProperty("field").GetString()} {p.GetProperty("width").GetInt32()}")
            .Should().BeEquivalentTo("OD MaculaCentred 640", "OD DiscCentred 640", "OS MaculaCentred 640", "OS DiscCentred 640");
        var columns = root.GetProperty("columns").EnumerateArray().ToList();
        columns.Select(c => c.GetProperty("eye").GetString()).Should().Equal("OD", "OS");
        columns[1].GetProperty("x").GetInt32().Should().BeGreaterThan(columns[0].GetProperty("x").GetInt32() + 200, "the eyes are side by side");
        root.GetProperty("scaleAtOneToOne").GetDouble().Should().Be(1.0, "1:1 shows one photograph pixel per CSS pixel");
        var pixels = root.GetProperty("redFreePixels");
        pixels.GetProperty("retina").GetInt32().Should().BeGreaterThan(100);
        pixels.GetProperty("grey").GetInt32().Should().Be(pixels.GetProperty("retina").GetInt32(), "red-free shows the green channel alone");
        root.GetProperty("submitted").GetString().Should().Be("AwaitingSecondGrading", "a referable first grading waits for a second grader");
        root.GetProperty("result").GetString().Should().Contain("Right: R2M0").And.Contain("IRMA").And.Contain("RoutineReferral");

        // The dashboard counts it: invited, screened, not yet graded (it waits for its second grading), no rate yet.
        root.GetProperty("dashboard").EnumerateArray().Select(r => string.Join("|", r.EnumerateArray().Select(c => c.GetString())))
            .Should().Equal($"{Site}|1|1|0|—|—|1|—|0", "All sites|1|1|0|—|—|1|—|0");

        var visit = await pharmacist.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/screening/visits/{Visit}");
        visit.GetProperty("first").GetProperty("graderId").GetString().Should().Be("grader-1");
        foreach (var png in new[] { "grading-worklist.png", "grading-visit.png", "grading-red-free.png", "grading-recorded.png", "grading-dashboard.png" })
        {
            new FileInfo(Path.Combine(Repository.Artifacts, png)).Length.Should().BeGreaterThan(10_000, $"{png} is a real screenshot");
        }

        gateway.ErrorLines().Should().BeEmpty();
    }

    /// <summary>Site, station, pharmacist, grader; campaign with the patient enrolled; a consultation registered as the visit.</summary>
    internal static async Task<HttpClient> PrepareVisitAsync(GatewayProcess gateway)
    {
        (await gateway.Admin.PostAsJsonAsync("/api/admin/sites", new { id = Site, name = "Pharmacie du Port", kind = "Pharmacy" })).EnsureSuccessStatusCode();
        (await gateway.Admin.PostAsJsonAsync("/api/admin/stations", new { id = "cabin-1", siteId = Site, name = "Cabine 1", kind = "Cabin", deviceIds = new[] { "fundus-1" } }))
            .EnsureSuccessStatusCode();
        await AddPractitionerAsync(gateway, "pharm-1", "10000000017", "pharmacist", null, ["site-operator", "requester"], [Site]);
        await AddPractitionerAsync(gateway, "admin-1", "10000000058", "administrator", null, ["administrator"], []);
        await AddPractitionerAsync(gateway, "grader-1", "10000000025", "orthoptist", "ophthalmology", ["grader"], []);
        var pharmacist = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        pharmacist.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await gateway.DevTokenAsync("pharm-1", "site-operator,requester", Site));
        using var admin = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await gateway.DevTokenAsync("admin-1", "administrator"));
        (await admin.PostAsJsonAsync("/api/screening/campaigns", new { id = "dr-2026", name = "Dépistage RD 2026", siteIds = new[] { Site }, startsOn = "2026-01-01", endsOn = "2026-12-31" }))
            .EnsureSuccessStatusCode();
        (await pharmacist.PostAsJsonAsync("/api/clinical/patients", new
        {
            id = "pat-1", birthFamilyName = "MARTIN", birthGivenNames = "JEAN", firstGivenName = "JEAN", birthDate = "1958-06-01", sex = "Male", birthPlaceCode = "46042",
            identityDocumentChecked = true,
        })).EnsureSuccessStatusCode();
        (await pharmacist.PostAsJsonAsync("/api/screening/campaigns/dr-2026/enrolments", new { patientId = "pat-1", siteId = Site })).EnsureSuccessStatusCode();
        (await pharmacist.PostAsJsonAsync("/api/clinical/consents", new { id = "cons-1", patientId = "pat-1", informationGiven = "Fundus photographs graded remotely", specialties = new[] { "ophthalmology" } }))
            .EnsureSuccessStatusCode();
        (await pharmacist.PostAsJsonAsync("/api/clinical/consultations", new { id = Visit, stationId = "cabin-1", patientId = "pat-1", consentId = "cons-1" })).EnsureSuccessStatusCode();
        (await pharmacist.PostAsJsonAsync("/api/screening/visits", new { consultationId = Visit, campaignId = "dr-2026" })).EnsureSuccessStatusCode();
        return pharmacist;
    }

    private static async Task UploadAsync(GatewayProcess gateway, string capture, string laterality, string field, byte[] png)
    {
        var at = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddSeconds(-5).ToString("O", CultureInfo.InvariantCulture));
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/devices/fundus-1/images/{capture}?session={Visit}&site={Site}&laterality={laterality}&field={field}&capturedAt={at}")
        {
            Content = new ByteArrayContent(png),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        request.Headers.Add("x-telesante-device", "fundus-1");
        using var response = await gateway.Http.SendAsync(request);
        response.IsSuccessStatusCode.Should().BeTrue(await response.Content.ReadAsStringAsync());
    }

    private static async Task AddPractitionerAsync(GatewayProcess gateway, string id, string rpps, string profession, string? specialty, string[] roles, string[] sites) =>
        (await gateway.Admin.PostAsJsonAsync("/api/admin/practitioners", new { id, familyName = "Nom-" + id, givenName = "Prénom", rpps, profession, specialty, roles, siteIds = sites }))
            .EnsureSuccessStatusCode();
}
