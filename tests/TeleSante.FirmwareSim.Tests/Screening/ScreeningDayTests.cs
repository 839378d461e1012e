using System.Net.Http.Json;
using System.Text.Json;
using TeleSante.FirmwareSim.Clinical;
using TeleSante.FirmwareSim.Screening;
using TeleSante.FirmwareSim.Tests.Support;
using TeleSante.FirmwareSim.Transport;
using Xunit.Abstractions;

namespace TeleSante.FirmwareSim.Tests.Screening;

/// <summary>
/// A short screening day (issue 13) against the real gateway with the committed quality gate: every spoiled capture
/// is caught and retaken, the gateway keeps the retaken captures as superseded, and each visit reaches the graders.
/// </summary>
public sealed class ScreeningDayTests(GatewayFixture fixture, ITestOutputHelper output) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task A_screening_day_catches_and_retakes_the_spoiled_captures_and_sends_every_visit_to_grading()
    {
        var gateway = fixture.Gateway;
        var demo = await ClinicalDemo.CreateAsync(gateway);
        await demo.RegisterSiteAndPharmacistAsync(gateway);
        (await gateway.Admin.PostAsJsonAsync("/api/admin/stations", new { id = demo.Station, siteId = demo.Site, name = "Cabine", kind = "Cabin", deviceIds = new[] { "cam-" + demo.Site } }))
            .EnsureSuccessStatusCode();
        // The campaign is created by a clinical administrator (a directory entry), not the gateway's own admin token.
        var administrator = "cadmin-" + demo.Site;
        (await gateway.Admin.PostAsJsonAsync("/api/admin/practitioners", new
        {
            id = administrator, familyName = "ESSAI", givenName = "Gus", rpps = ClinicalDemo.NewRpps(), profession = "administrator", roles = new[] { "administrator" }, siteIds = Array.Empty<string>(),
        })).EnsureSuccessStatusCode();
        var adminToken = await gateway.DevTokenAsync(administrator, "administrator");
        using var http = new HttpClient { BaseAddress = gateway.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var options = new ScreeningDayOptions
        {
            CampaignId = "dr-" + demo.Site, SiteId = demo.Site, StationId = demo.Station, CameraId = "cam-" + demo.Site, Patients = 3, DefectShare = 0.4, Seed = 5,
            Width = 640, Height = 480, RunId = demo.Site,
        };
        var day = new ScreeningDay(new ClinicalApiClient(http, new ClinicalTokens(adminToken, demo.PharmacistToken, demo.PharmacistToken)), new ImageUploader(http, null), options);

        var summary = await day.RunAsync(CancellationToken.None);

        output.WriteLine(summary.ToString());
        summary.Patients.Should().Be(3);
        summary.Refused.Should().Be(0, string.Join(" | ", summary.Problems));
        summary.Defective.Should().BeGreaterThan(0, "a 40 % share over at least 12 captures spoils some (seeded)");
        summary.Caught.Should().Be(summary.Defective, summary.ToString());
        summary.Missed.Should().Be(0);
        summary.Captures.Should().Be(12 + summary.Retaken, "every retake is one more capture");
        summary.ToString().Should().Contain($"{summary.Defective} defective: {summary.Caught} caught, 0 missed");

        using var pharmacist = demo.ClientFor(gateway, demo.PharmacistToken);
        var superseded = 0;
        for (var p = 1; p <= 3; p++)
        {
            var fields = await pharmacist.GetFromJsonAsync<JsonElement>($"/api/screening/visits/scr-{demo.Site}-{p}/fields");
            fields.GetProperty("sent").ValueKind.Should().Be(JsonValueKind.Object, "every visit went to grading");
            superseded += fields.GetProperty("fields").EnumerateArray().Sum(f => f.GetProperty("earlier").GetArrayLength());
            if (fields.GetProperty("sent").GetProperty("complete").GetBoolean())
            {
                fields.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("state").GetString()).Should().AllBe("Gradable");
            }
        }

        superseded.Should().Be(summary.Retaken, "each retake superseded the ungradable capture, which the gateway kept");
        (summary.VisitsComplete + summary.VisitsIncomplete).Should().Be(3);
    }
}
