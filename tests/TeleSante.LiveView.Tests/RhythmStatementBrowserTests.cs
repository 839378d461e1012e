using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TeleSante.LiveView.Internal;
using TeleSante.LiveView.Tests.Infrastructure;
using TeleSante.Signal.Synthesis;
using TeleSante.Testing;
using Xunit.Abstractions;

namespace TeleSante.LiveView.Tests;

/// <summary>
/// The viewer's rhythm statements box (issue 12) in Debian's chromium, fed live: under the heading "proposed by the
/// server · not a diagnosis" it shows the statement the server proposed for the viewed session (wide-QRS tachycardia
/// for the simulator's ventricular tachycardia), with its time span and evidence, one line per statement (the urgent
/// statement is sent early and again as it grows); a statement proposed meanwhile for another session of the same
/// doctor (sinus bradycardia) never appears. Screenshot to artifacts/viewer-statements.png.
/// </summary>
public sealed class RhythmStatementBrowserTests(InfluxFixture influx, ITestOutputHelper output) : IClassFixture<InfluxFixture>
{
    private const string Doctor = "dr-statements";
    private const string Chromium = "/usr/bin/chromium";
    private const string Viewed = "cons-statements-vt";
    private const string Other = "cons-statements-brady";

    [Fact]
    public async Task The_statements_box_shows_the_proposed_statement_with_its_span_and_never_one_of_another_session()
    {
        File.Exists(Chromium).Should().BeTrue("Debian chromium is needed (run scripts/install-web.sh --with-browser first)");
        await using var gateway = await LiveGateway.StartAsync(influx.Url, new Dictionary<string, string>
        {
            ["Analysis:RhythmBlockSeconds"] = "15",
            ["Analysis:UrgentStatementDelaySeconds"] = "10",
            ["Analysis:IdleEviction"] = "00:00:02",
        });
        gateway.Authorizer.Assign(Doctor, Viewed);
        gateway.Authorizer.Assign(Doctor, Other);
        var subscriptions = gateway.Services.GetRequiredService<LiveSubscriptions>();
        var start = Ns.NowWholeMs() - 40_000_000_000;
        var stream = Task.Run(async () =>
        {
            // Streamed once the page has joined: the statements come from the live push.
            await Eventually.UntilAsync(() => subscriptions.Count > 0, TimeSpan.FromSeconds(30), "the page joins");
            await using var vt = new SimulatedDevice(gateway.Grpc, "ecg-statements-vt", Viewed, start, heartRate: 140, ectopic: 0, rhythm: Rhythm.VentricularTachycardia);
            await using var brady = new SimulatedDevice(gateway.Grpc, "ecg-statements-brady", Other, start, heartRate: 50, ectopic: 0);
            await Task.WhenAll(vt.SendAsync(50), brady.SendAsync(50)); // 25 s each
            await Task.WhenAll(vt.DrainAsync(TimeSpan.FromSeconds(20)), brady.DrainAsync(TimeSpan.FromSeconds(20)));
        });

        var lines = await NodeScript.RunAsync("tests/TeleSante.LiveView.Tests/Browser/viewer-statements.cjs", new
        {
            chromium = Chromium,
            artifacts = Repository.Artifacts,
            url = $"{gateway.HttpBase}viewer/index.html?session={Viewed}#access_token={Doctor}",
            code = "wide-qrs-tachycardia",
            watchMs = 4000,
        }, TimeSpan.FromSeconds(150));
        await stream;
        var result = lines[^1];
        output.WriteLine(result.ToString());
        result.TryGetProperty("failure", out var failure).Should().BeFalse(failure.ToString());
        result.GetProperty("pageErrors").GetArrayLength().Should().Be(0);
        result.GetProperty("emptyText").GetString().Should().Be("no statement yet");
        result.GetProperty("heading").GetString().Should().Be("Rhythm proposed by the server · not a diagnosis");

        // The other session's statement was proposed (the doctor may see it there), never in this box.
        using var doctor = new HttpClient { BaseAddress = gateway.HttpBase };
        doctor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Doctor);
        await Eventually.UntilAsync(async () => (await doctor.GetStringAsync($"/api/recordings/{Other}/ecg/analysis?from={start}&to={Ns.Now()}")).Contains("sinus-bradycardia", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the other session's statement stored");

        var items = result.GetProperty("items").EnumerateArray().ToList();
        var codes = items.Select(i => i.GetProperty("code").GetString()).ToList();
        codes.Should().NotContain("sinus-bradycardia").And.Contain("wide-qrs-tachycardia");
        var expectedSpans = result.GetProperty("expectedSpans").EnumerateArray().Select(e => e.GetString()).ToList();
        var statements = result.GetProperty("statements").EnumerateArray().ToList();
        statements.Select(s => $"{s.GetProperty("code").GetString()}@{s.GetProperty("fromMs").GetDouble()}").Should()
            .OnlyHaveUniqueItems("one statement per id, whatever was sent for it (an urgent one is sent early and again)");
        items.Should().HaveCount(Math.Min(5, statements.Count), "the five newest statements, one line each");
        statements.Should().OnlyContain(s => s.GetProperty("fromMs").GetDouble() >= start / 1e6 && s.GetProperty("toMs").GetDouble() <= (start / 1e6) + 25_000);
        // Newest first in the box; the page's statements are sorted by start.
        expectedSpans.Reverse();
        items.Select(i => i.GetProperty("span").GetString()).Should().Equal(expectedSpans.Take(items.Count), "each line shows its own span");
        var wide = items.First(i => i.GetProperty("code").GetString() == "wide-qrs-tachycardia");
        wide.GetProperty("name").GetString().Should().Be("Wide-QRS tachycardia (proposed)");
        wide.GetProperty("span").GetString().Should().MatchRegex(@"^\d\d:\d\d:\d\d–\d\d:\d\d:\d\d$");
        wide.GetProperty("evidence").GetString().Should().Contain("/min").And.Contain("QRS");
        gateway.Log.Errors.Should().BeEmpty();
    }
}
