using TeleSante.FirmwareSim.Devices.Fundus;
using TeleSante.LiveView.Tests.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.LiveView.Tests;

/// <summary>
/// Issue 13's operator page in Debian's chromium (playwright-core) against the real gateway process with the committed
/// quality gate: the simulated camera sends an out-of-focus photograph, the page shows the retake prompt with the
/// reason, sending the visit is refused with the fields named, the retake with a good photograph turns the field
/// gradable; each field shows its current capture's thumbnail, fetched once. Screenshots go to artifacts/ (capture-*).
/// </summary>
public sealed class ScreeningCaptureBrowserTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task An_operator_sees_the_retake_prompt_with_the_gates_reason_retakes_and_sees_the_field_gradable()
    {
        File.Exists(Chromium).Should().BeTrue("Debian chromium is needed (scripts/install-web.sh --with-browser)");
        Directory.Exists(Path.Combine(NodeScript.NodeModules, "playwright-core")).Should().BeTrue("playwright-core is needed (scripts/install-web.sh)");
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        using var pharmacist = await ScreeningBrowserTests.PrepareVisitAsync(gateway);
        var folder = Directory.CreateTempSubdirectory("capture-browser-");
        try
        {
            var lines = await NodeScript.RunAsync("tests/TeleSante.LiveView.Tests/Browser/capture.cjs", new
            {
                @base = gateway.Http.BaseAddress!.ToString(),
                chromium = Chromium,
                artifacts = Repository.Artifacts,
                visit = ScreeningBrowserTests.Visit,
                site = ScreeningBrowserTests.Site,
                camera = "fundus-1",
                operatorToken = await gateway.DevTokenAsync("pharm-1", "site-operator,requester", ScreeningBrowserTests.Site),
                defective = new { id = "od-macula-1", eye = "OD", field = "macula", file = Render(folder.FullName, "blurred.jpg", FundusDefectKind.OutOfFocus, 0.8) },
                retake = new { id = "od-macula-2", eye = "OD", field = "macula", file = Render(folder.FullName, "good.jpg", FundusDefectKind.None, 0) },
            }, TimeSpan.FromSeconds(120));

            var root = lines.Should().ContainSingle().Subject;
            root.GetProperty("pageErrors").GetArrayLength().Should().Be(0, root.GetProperty("pageErrors").ToString());
            States(root, "initial").Should().Equal("Missing", "Missing", "Missing", "Missing");
            States(root, "afterDefect").Should().Equal("Ungradable", "Missing", "Missing", "Missing");
            var prompt = root.GetProperty("afterDefect")[0].GetProperty("text").GetString();
            prompt.Should().Contain("out of focus").And.Contain("Retake the right eye macula-centred photograph now");
            root.GetProperty("refusal").GetString().Should().Contain("WrongState").And.Contain("right eye macula-centred: ungradable (out of focus)")
                .And.Contain("left eye disc-centred: missing");
            States(root, "afterRetake").Should().Equal("Gradable", "Missing", "Missing", "Missing");
            var retaken = root.GetProperty("afterRetake")[0].GetProperty("text").GetString();
            retaken.Should().Contain("retaken after: out of focus").And.NotContain("Retake the");
            var uploads = root.GetProperty("uploads");
            root.GetProperty("defectThumbnail").GetProperty("imageId").GetInt64().Should().Be(uploads[0].GetProperty("imageId").GetInt64());
            root.GetProperty("retakeThumbnail").GetProperty("imageId").GetInt64().Should().Be(uploads[1].GetProperty("imageId").GetInt64(), "the field shows its current capture");
            root.GetProperty("retakeThumbnail").GetProperty("width").GetInt32().Should().Be(320, "a thumbnail, not the 800x600 photograph");
            root.GetProperty("polling").GetProperty("thumbnails").GetInt32().Should().Be(2, "each capture's thumbnail is fetched once, not on every poll");
            root.GetProperty("polling").GetProperty("redrawsDuringIdlePolls").GetInt32().Should().Be(0);
            foreach (var png in new[] { "capture-retake-prompt.png", "capture-send-refused.png", "capture-retaken.png" })
            {
                new FileInfo(Path.Combine(Repository.Artifacts, png)).Length.Should().BeGreaterThan(10_000, $"{png} is a real screenshot");
            }

            gateway.ErrorLines().Should().BeEmpty();
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static IEnumerable<string?> States(System.Text.Json.JsonElement root, string step) =>
        root.GetProperty(step).EnumerateArray().Select(c => c.GetProperty("state").GetString());

    /// <summary>A right-eye macula-centred photograph from the simulated camera, with the defect asked for.</summary>
    private static string Render(string folder, string name, FundusDefectKind kind, double severity)
    {
        var camera = new FundusCamera(new FundusCameraOptions { DeviceId = "fundus-1", SiteId = ScreeningBrowserTests.Site, Width = 800, Height = 600, Seed = 11 });
        var file = camera.Capture(new FundusCaptureRequest { Laterality = Laterality.OD, Field = FundusField.MaculaCentred, Defects = FundusDefectScale.Of(kind, severity, 800, 600), EyeSeed = 77 })
            .Encode(FundusFileFormat.Jpeg);
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, file.Content);
        return path;
    }
}
