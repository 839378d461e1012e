using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TeleSante.Access.Assignments;
using TeleSante.Domain.Codes;
using TeleSante.LiveView.Internal;
using TeleSante.LiveView.Tests.Infrastructure;
using TeleSante.Testing;
using Xunit.Abstractions;

namespace TeleSante.LiveView.Tests;

/// <summary>
/// A clinician's screen never borrows, guesses or hides (issue 9, findings 2-4), checked in Debian's
/// chromium: a tile shows one measurement; a refused sign-in or session shows the refusal alone, and a
/// refused page does not retry. Screenshots go to artifacts/viewer-*.png.
/// </summary>
public sealed class ViewerHonestyBrowserTests(InfluxFixture influx, ITestOutputHelper output) : IClassFixture<InfluxFixture>
{
    private const string Doctor = "dr-martin";
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Blood_pressure_tile_shows_one_cuff_cycle_and_a_component_it_lacks_as_missing()
    {
        await using var gateway = await LiveGateway.StartAsync(influx.Url);
        const string session = "cons-bp-cycles";
        gateway.Authorizer.Assign(Doctor, session);
        await using (var cuff = new VitalsDevice(gateway.Grpc, "cuff-cycles", session))
        {
            await cuff.SendAsync(Ns.Now() - 120_000_000_000, (CodeCatalog.BpSystolic, 150, "mm[Hg]"), (CodeCatalog.BpDiastolic, 90, "mm[Hg]"), (CodeCatalog.BpMean, 96, "mm[Hg]"));
            // The newer cycle came without a mean.
            await cuff.SendAsync(Ns.Now() - 30_000_000_000, (CodeCatalog.BpSystolic, 196, "mm[Hg]"), (CodeCatalog.BpDiastolic, 118, "mm[Hg]"));
        }

        var page = await ShowAsync(gateway, "bp-cycles", $"session={session}#access_token={Doctor}",
            "document.querySelector('#tile-bp .value').textContent.startsWith('196')");
        page.GetProperty("tiles").GetProperty("tile-bp").GetProperty("value").GetString().Should().Be("196/118 (—)", "the mean of the earlier cycle (96) is not this measurement's");
        page.GetProperty("tiles").GetProperty("tile-bp").GetProperty("time").GetString().Should().MatchRegex(@"^measured \d\d:\d\d:\d\d · \d+ s ago$", "the time is the newer cycle's (seconds ago; the earlier one was 2 min ago)");
        page.GetProperty("tiles").GetProperty("tile-bp").GetProperty("alarm").GetBoolean().Should().BeTrue("systolic 196 of this cycle");
        gateway.Log.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task A_missing_token_is_shown_as_refused_and_the_page_stops_retrying()
    {
        await using var gateway = await LiveGateway.StartAsync(influx.Url);
        gateway.Authorizer.Assign(Doctor, "cons-no-token");
        var page = await ShowAsync(gateway, "no-token", "session=cons-no-token",
            "window.teleSanteViewer && window.teleSanteViewer.stats.connection === 'refused'", thenWatchMs: 7000);
        page.GetProperty("connection").GetString().Should().Be("access refused");
        page.GetProperty("fatal").GetString().Should().Contain("Access refused");
        page.GetProperty("negotiations").GetInt32().Should().Be(page.GetProperty("negotiationsWhenShown").GetInt32(), "no retry after the refusal (the page used to retry every 3 s)");
        page.GetProperty("ecgVisible").GetBoolean().Should().BeFalse();
        page.GetProperty("tilesVisible").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task A_session_the_practitioner_may_not_see_shows_only_the_refusal()
    {
        await using var gateway = await LiveGateway.StartAsync(influx.Url);
        gateway.Authorizer.Assign(Doctor, "cons-mine");
        var page = await ShowAsync(gateway, "refused-session", $"session=cons-not-mine#access_token={Doctor}",
            "window.teleSanteViewer && window.teleSanteViewer.stats.connection === 'refused'", thenWatchMs: 500);
        page.GetProperty("fatal").GetString().Should().Contain("not allowed to view session 'cons-not-mine'");
        page.GetProperty("ecgVisible").GetBoolean().Should().BeFalse("no empty grid with calibration pulses");
        page.GetProperty("tilesVisible").GetBoolean().Should().BeFalse("no 'not measured' tiles, which read as a clinical fact");
        page.GetProperty("controlsVisible").GetBoolean().Should().BeFalse();
        page.GetProperty("negotiations").GetInt32().Should().Be(page.GetProperty("negotiationsWhenShown").GetInt32());
        gateway.Log.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task The_12_lead_page_explains_its_width_and_the_single_lead_rows_are_filled_from_storage()
    {
        await using var gateway = await LiveGateway.StartAsync(influx.Url);
        const string session = "cons-rows";
        gateway.Authorizer.Assign(Doctor, session);
        // 60 s of one-lead-II ECG ending now, sent ahead of the viewer: the join brings the last 10 s only.
        var start = Ns.NowWholeMs() - 60_000_000_000;
        await using var ecg = new SimulatedDevice(gateway.Grpc, "ecg-rows", session, start);
        await ecg.SendAsync(120);
        await ecg.DrainAsync(TimeSpan.FromSeconds(20));
        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(30));

        var page = await ShowAsync(gateway, "single-lead-rows", $"session={session}#access_token={Doctor}",
            "window.teleSanteViewer && window.teleSanteViewer.stats.connection === 'live' && window.teleSanteViewer.layout() && window.teleSanteViewer.layout().strips.length === 13 && document.getElementById('page-note').textContent.length > 0",
            click: "button[data-layout=\"1\"]",
            // The stored rows arrive as a replay stream, frame by frame: wait until every completed row is drawn
            // (on a busy machine the last rows come later than the first).
            thenWaitFor: "(() => { const l = window.teleSanteViewer.layout(); const s = window.teleSanteViewer.stats; return l.layout === '1' && (s.backfillFrames ?? 0) > 0 && l.strips.filter(r => r.tEndMs <= l.displayMs).every(r => r.drawnFromMs !== null && r.drawnFromMs - r.tStartMs < 50 && r.tEndMs - r.drawnToMs < 50); })()");
        var layout = page.GetProperty("layout");
        layout.GetProperty("layout").GetString().Should().Be("1");
        var display = layout.GetProperty("displayMs").GetDouble();
        var rows = layout.GetProperty("strips").EnumerateArray().ToList();
        rows.Should().HaveCountGreaterThan(1, "the single-lead layout shows several rows");
        (rows[^1].GetProperty("tEndMs").GetDouble() - rows[0].GetProperty("tStartMs").GetDouble()).Should().BeLessThan(55_000, "every row lies within the 60 s recorded");
        foreach (var row in rows.Where(r => r.GetProperty("tEndMs").GetDouble() <= display))
        {
            row.GetProperty("drawnFromMs").ValueKind.Should().Be(JsonValueKind.Number, $"row {row.GetProperty("row").GetInt32()} holds stored signal");
            (row.GetProperty("drawnFromMs").GetDouble() - row.GetProperty("tStartMs").GetDouble()).Should().BeLessThan(50, "the row is drawn from its start");
            (row.GetProperty("tEndMs").GetDouble() - row.GetProperty("drawnToMs").GetDouble()).Should().BeLessThan(50, "the row is drawn to its end");
        }

        // The 12-lead page (seen before the click) is 250 mm; the rest of the box's width is explained on screen.
        var before = page.GetProperty("beforeClick");
        var note = before.GetProperty("pageNote");
        note.GetProperty("text").GetString().Should().Contain("10 s page: 250 mm at 25 mm/s, as a printed 12-lead");
        note.GetProperty("leftPx").GetDouble().Should().BeGreaterThanOrEqualTo(before.GetProperty("layout").GetProperty("paperWidthPx").GetDouble(), "beside the paper, in the width it explains");
        gateway.Log.Errors.Should().BeEmpty();
    }

    [Fact]
    public async Task A_live_view_whose_assignment_is_removed_shows_that_access_ended_and_does_not_reconnect()
    {
        await using var gateway = await LiveGateway.StartAsync(influx.Url, realAccessPolicy: true);
        const string session = "cons-browser-revoked";
        await gateway.Services.GetRequiredService<IAssignmentStore>().GrantAsync(session, Doctor, "test", CancellationToken.None);
        var subscriptions = gateway.Services.GetRequiredService<LiveSubscriptions>();
        var revoke = Task.Run(async () =>
        {
            // The administrator acts once the page has joined.
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (subscriptions.Count == 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            using var admin = new HttpClient { BaseAddress = gateway.HttpBase };
            admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "test-admin;role=administrator");
            (await admin.DeleteAsync($"/api/admin/assignments/{session}/{Doctor}")).EnsureSuccessStatusCode();
        });

        // The administrator acts as soon as the gateway holds the subscription, which can be before the page has
        // drawn its "live" state: the page may go straight from connecting to refused.
        var page = await ShowAsync(gateway, "revoked", $"session={session}#access_token={Doctor}",
            "window.teleSanteViewer && (window.teleSanteViewer.stats.connection === 'live' || window.teleSanteViewer.stats.connection === 'refused')",
            thenWaitFor: "window.teleSanteViewer.stats.connection === 'refused'", thenWatchAfterMs: 5000);
        await revoke;
        page.GetProperty("fatal").GetString().Should().Contain($"Access to session {session} ended: access to this session was withdrawn");
        page.GetProperty("ecgVisible").GetBoolean().Should().BeFalse();
        page.GetProperty("tilesVisible").GetBoolean().Should().BeFalse();
        page.GetProperty("negotiations").GetInt32().Should().Be(page.GetProperty("negotiationsWhenShown").GetInt32(), "no reconnection after the cut");
        subscriptions.Count.Should().Be(0);
        gateway.Log.Errors.Should().BeEmpty();
    }

    private async Task<JsonElement> ShowAsync(LiveGateway gateway, string name, string query, string waitFor, int thenWatchMs = 0, string? click = null, string? thenWaitFor = null, int thenWatchAfterMs = 0)
    {
        var clientApp = Path.Combine(Repository.Root, "src", "TeleSante.Gateway", "ClientApp", "node_modules");
        File.Exists(Chromium).Should().BeTrue("Debian chromium is needed (run scripts/install-web.sh --with-browser first)");
        var resultFile = Path.Combine(Path.GetTempPath(), $"viewer-states-{Guid.NewGuid():N}.json");
        var configFile = Path.Combine(Path.GetTempPath(), $"viewer-states-{Guid.NewGuid():N}.config.json");
        await File.WriteAllTextAsync(configFile, JsonSerializer.Serialize(new
        {
            chromium = Chromium,
            artifacts = Repository.Artifacts,
            resultFile,
            pages = new[] { new { name, url = $"{gateway.HttpBase}viewer/index.html?{query}", waitFor, thenWatchMs, click, thenWaitFor, thenWatchAfterMs } },
        }));
        try
        {
            var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(Path.Combine(Repository.Root, "tests", "TeleSante.LiveView.Tests", "Browser", "viewer-states.cjs"));
            start.ArgumentList.Add(configFile);
            start.Environment["NODE_PATH"] = clientApp;
            using var node = Process.Start(start)!;
            var stderr = node.StandardError.ReadToEndAsync();
            output.WriteLine(await node.StandardOutput.ReadToEndAsync());
            await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(90));
            node.ExitCode.Should().Be(0, await stderr);
            using var result = JsonDocument.Parse(await File.ReadAllTextAsync(resultFile));
            var page = result.RootElement.GetProperty("pages").GetProperty(name).Clone();
            output.WriteLine(page.ToString());
            page.TryGetProperty("failure", out var failure).Should().BeFalse(failure.ToString());
            page.GetProperty("pageErrors").GetArrayLength().Should().Be(0, page.GetProperty("pageErrors").ToString());
            return page;
        }
        finally
        {
            File.Delete(configFile);
            File.Delete(resultFile);
        }
    }
}
