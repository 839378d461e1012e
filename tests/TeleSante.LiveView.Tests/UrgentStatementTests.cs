using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using TeleSante.LiveView.Tests.Infrastructure;
using TeleSante.Signal.Synthesis;
using TeleSante.Testing;

namespace TeleSante.LiveView.Tests;

/// <summary>Issue 12: a suggested-urgent statement reaches the viewer after about <c>Analysis:UrgentStatementDelaySeconds</c>
/// of evidence, not when its 60 s rhythm block closes, and stays one statement (one id, one stored point) as it grows.
/// Judged on stream time: the device has sent 20 s of ventricular tachycardia and nothing more when the statement is
/// awaited, so it cannot have come from a closed block (60 s) or the end of the stream (the stream is kept open).</summary>
public sealed class UrgentStatementTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    private const string Doctor = "dr-urgent";
    private const string WideQrs = "wide-qrs-tachycardia";

    [Fact]
    public async Task Wide_QRS_tachycardia_reaches_the_viewer_after_the_urgent_delay_before_its_block_closes_and_is_stored_once()
    {
        await using var gateway = await LiveGateway.StartAsync(influx.Url, new Dictionary<string, string>
        {
            ["Analysis:RhythmBlockSeconds"] = "60",
            ["Analysis:UrgentStatementDelaySeconds"] = "10",
            ["Analysis:IdleEviction"] = "00:05:00",
        });
        gateway.Authorizer.Assign(Doctor, "cons-urgent");
        await using var viewer = await TestViewer.ConnectAsync(gateway, Doctor, messagePack: true);
        await viewer.JoinAsync("cons-urgent");

        var start = Ns.Now() - 60_000_000_000;
        await using var vt = new SimulatedDevice(gateway.Grpc, "ecg-urgent", "cons-urgent", start, heartRate: 140, ectopic: 0, rhythm: Rhythm.VentricularTachycardia);
        await vt.SendAsync(40); // 20 s of VT, and no more for now
        await vt.DrainAsync(TimeSpan.FromSeconds(20));

        await Eventually.UntilAsync(() => Wide(viewer).Count > 0, TimeSpan.FromSeconds(15), "wide-QRS tachycardia proposed after 20 s of a 60 s block");
        var first = Wide(viewer)[0];
        first.Provisional.Should().BeTrue("its block has not closed");
        (first.ToNs - first.FromNs).Should().BeGreaterThanOrEqualTo(10_000_000_000, "the urgent delay's worth of evidence");
        first.ToNs.Should().BeLessThanOrEqualTo(start + 20_000_000_000);
        first.Id.Should().NotBeEmpty();

        // More of the same episode: the viewer gets the same statement again, longer, never a second one.
        await vt.SendAsync(20); // to 30 s
        await vt.DrainAsync(TimeSpan.FromSeconds(20));
        await Eventually.UntilAsync(() => Wide(viewer)[^1].ToNs > start + 25_000_000_000, TimeSpan.FromSeconds(15), "the statement extended");
        Wide(viewer).Select(s => s.Id).Distinct().Should().ContainSingle();
        Wide(viewer).Select(s => s.FromNs).Distinct().Should().ContainSingle();

        // Stored once: one ecg_rhythm_statement point for the episode, with its latest end.
        using var doctor = new HttpClient { BaseAddress = gateway.HttpBase };
        doctor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Doctor);
        // The analysis runs behind the acks: the viewer may still get a later version after the drain, so the stored end
        // is compared with the newest version seen at each look, not with one read once (failed so on a loaded run).
        var stored = await Eventually.ValueAsync(
            async () => StoredWide(JsonDocument.Parse(await doctor.GetStringAsync($"/api/recordings/cons-urgent/ecg/analysis?from={start}&to={Ns.Now()}"))),
            list => list.Count == 1 && list[0].EndNs == Wide(viewer)[^1].ToNs,
            TimeSpan.FromSeconds(10),
            "the statement stored once with its latest end");
        stored[0].StartNs.Should().Be(first.FromNs);
        stored[0].Id.Should().Be(first.Id);
        gateway.Log.Errors.Should().BeEmpty();
    }

    private static List<LiveRhythmStatement> Wide(TestViewer viewer) =>
        [.. viewer.Analyses.SelectMany(a => a.Analysis.Statements).Where(s => s.Code == WideQrs)];

    private static List<(long StartNs, long EndNs, string Id)> StoredWide(JsonDocument doc) =>
        [.. doc.RootElement.GetProperty("devices").EnumerateArray().SelectMany(d => d.GetProperty("statements").EnumerateArray())
            .Where(s => s.GetProperty("code").GetString() == WideQrs)
            .Select(s => (Long(s.GetProperty("startNs")), Long(s.GetProperty("endNs")), s.GetProperty("id").GetString() ?? string.Empty))];

    private static long Long(JsonElement e) => e.ValueKind == JsonValueKind.String ? long.Parse(e.GetString()!, CultureInfo.InvariantCulture) : e.GetInt64();
}
