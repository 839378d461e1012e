using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TeleSante.Analysis.Rhythms;
using TeleSante.Analysis.Service;
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
/// doctor (sinus bradycardia) never appears. A provisional statement withdrawn by the analysis stays in the box, marked
/// withdrawn with when and why. Screenshots to artifacts/viewer-statements*.png.
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

        var result = await WatchBoxAsync(gateway, Viewed, watchMs: 4000, "viewer-statements.png", TimeSpan.FromSeconds(150));
        await stream;
        result.GetProperty("emptyText").GetString().Should().Be("no statement yet");
        result.GetProperty("heading").GetString().Should().Be("Rhythm proposed by the server · not a diagnosis");

        // The other session's statement was proposed (the doctor may see it there), never in this box.
        using var doctor = LiveStatements.Client(gateway, Doctor);
        await Eventually.UntilAsync(async () => (await LiveStatements.StoredAsync(doctor, Other, start)).Any(s => s.Code == "sinus-bradycardia"),
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

    [Fact]
    public async Task A_withdrawn_statement_stays_in_the_box_marked_withdrawn_with_when_and_why_and_is_stored_and_served_so()
    {
        File.Exists(Chromium).Should().BeTrue("Debian chromium is needed (run scripts/install-web.sh --with-browser first)");
        const string session = "cons-statements-withdrawn";
        await using var gateway = await LiveGateway.StartAsync(influx.Url);
        gateway.Authorizer.Assign(Doctor, session);
        var subscriptions = gateway.Services.GetRequiredService<LiveSubscriptions>();
        // The analysis's own results, handed to every listener as the workers do (store and live view): an urgent statement
        // sent provisional, then withdrawn when its block closed without it (UrgentStatementStreamTests: how the analyser
        // decides).
        var listeners = gateway.Services.GetServices<IAnalysisResultListener>().ToList();
        var start = Ns.NowWholeMs() - 30_000_000_000;
        var provisional = new ProposedRhythmStatement(RhythmStatementCode.WideQrsTachycardia.Code, RhythmStatementCode.WideQrsTachycardia.Display, null,
            start, start + 12_000_000_000, [new(RhythmStatementEvidence.Beats, 28, "{beats}"), new(RhythmStatementEvidence.VentricularRateBpm, 142, "/min"), new(RhythmStatementEvidence.MeanQrsMs, 150, "ms")],
            Provisional: true);
        var withdrawnAt = start + 20_000_000_000;
        var send = Task.Run(async () =>
        {
            await Eventually.UntilAsync(() => subscriptions.Count > 0, TimeSpan.FromSeconds(30), "the page joins");
            using var doctor = LiveStatements.Client(gateway, Doctor);
            await PublishAsync(provisional);
            await Eventually.UntilAsync(async () => (await LiveStatements.StoredAsync(doctor, session, start)).Any(s => s.Status == "provisional"), TimeSpan.FromSeconds(10), "stored provisional");
            await PublishAsync(provisional.WithdrawnAt(withdrawnAt, ProposedRhythmStatement.NotConfirmed));
        });

        var result = await WatchBoxAsync(gateway, session, watchMs: 500, "viewer-statements-withdrawn.png", TimeSpan.FromSeconds(90));
        await send;
        var item = result.GetProperty("items").EnumerateArray().Should().ContainSingle().Subject;
        item.GetProperty("name").GetString().Should().Be("Wide-QRS tachycardia (withdrawn)");
        item.GetProperty("span").GetString().Should().MatchRegex(@"^\d\d:\d\d:\d\d–\d\d:\d\d:\d\d · withdrawn at \d\d:\d\d:\d\d: not confirmed when its rhythm block closed$");
        item.GetProperty("evidence").GetString().Should().Contain("142 /min").And.Contain("QRS 150 ms");
        var statement = result.GetProperty("statements").EnumerateArray().Should().ContainSingle().Subject;
        statement.GetProperty("withdrawnMs").GetDouble().Should().Be(withdrawnAt / 1e6);
        statement.GetProperty("provisional").GetBoolean().Should().BeFalse();

        // Stored at the same point, withdrawn, and served so by the REST endpoint.
        using var client = LiveStatements.Client(gateway, Doctor);
        var stored = await LiveStatements.StoredAsync(client, session, start);
        stored.Should().ContainSingle().Which.Should().Be(new StoredStatement(provisional.Code, provisional.Id, provisional.StartNs, provisional.EndNs, "withdrawn", false,
            withdrawnAt, ProposedRhythmStatement.NotConfirmed));
        gateway.Log.Errors.Should().BeEmpty();

        async Task PublishAsync(ProposedRhythmStatement s)
        {
            var analysed = new AnalysisResult(session, "ecg-statements-withdrawn", start, withdrawnAt, [], null, [], [], [s]);
            foreach (var listener in listeners)
            {
                await listener.OnAnalysedAsync(analysed, CancellationToken.None);
            }
        }
    }

    // The page of the session in chromium until its box shows a final wide-QRS statement, then watchMs more; what it
    // showed, the script having failed on nothing and the page having thrown nothing.
    private async Task<JsonElement> WatchBoxAsync(LiveGateway gateway, string session, int watchMs, string screenshot, TimeSpan timeout)
    {
        var lines = await NodeScript.RunAsync("tests/TeleSante.LiveView.Tests/Browser/viewer-statements.cjs", new
        {
            chromium = Chromium,
            artifacts = Repository.Artifacts,
            url = $"{gateway.HttpBase}viewer/index.html?session={session}#access_token={Doctor}",
            code = "wide-qrs-tachycardia",
            watchMs,
            screenshot,
        }, timeout);
        var result = lines[^1];
        output.WriteLine(result.ToString());
        result.TryGetProperty("failure", out var failure).Should().BeFalse(failure.ToString());
        result.GetProperty("pageErrors").GetArrayLength().Should().Be(0);
        return result;
    }
}
