using System.Globalization;
using TeleSante.LiveView.Tests.Infrastructure;
using TeleSante.Signal.Synthesis;
using TeleSante.Testing;
using static TeleSante.LiveView.Tests.Infrastructure.LiveStatements;

namespace TeleSante.LiveView.Tests;

/// <summary>Issue 12: the rhythm statements the stream analysis proposes reach the viewers live (MessagePack and JSON), with
/// their span and evidence, and wide-QRS tachycardia is proposed for the firmware simulator's ventricular tachycardia but
/// not for a narrow sinus tachycardia at the same rate.</summary>
public sealed class LiveRhythmStatementTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    private const string Doctor = "dr-rhythm";

    [Fact]
    public async Task Viewers_receive_wide_QRS_tachycardia_for_ventricular_tachycardia_and_not_for_sinus_tachycardia_at_the_same_rate()
    {
        // Blocks of 15 s and a stream finished 2 s after its last batch, so that the test sees statements in seconds.
        await using var gateway = await StartAsync(influx.Url, Doctor, ["cons-vt", "cons-st"], new Dictionary<string, string>
        {
            ["Analysis:RhythmBlockSeconds"] = "15",
            ["Analysis:IdleEviction"] = "00:00:02",
        });
        await using var vtPack = await TestViewer.ConnectAsync(gateway, Doctor, messagePack: true);
        await using var vtJson = await TestViewer.ConnectAsync(gateway, Doctor, messagePack: false);
        await using var stPack = await TestViewer.ConnectAsync(gateway, Doctor, messagePack: true);
        await vtPack.JoinAsync("cons-vt");
        await vtJson.JoinAsync("cons-vt");
        await stPack.JoinAsync("cons-st");

        var start = Ns.Now() - 40_000_000_000;
        await using var vt = new SimulatedDevice(gateway.Grpc, "ecg-vt", "cons-vt", start, heartRate: 140, ectopic: 0, rhythm: Rhythm.VentricularTachycardia);
        await using var st = new SimulatedDevice(gateway.Grpc, "ecg-st", "cons-st", start, heartRate: 140, ectopic: 0);
        await Task.WhenAll(vt.SendAsync(50), st.SendAsync(50)); // 25 s each
        await Task.WhenAll(vt.DrainAsync(TimeSpan.FromSeconds(20)), st.DrainAsync(TimeSpan.FromSeconds(20)));
        var end = start + 25_000_000_000;

        await Eventually.UntilAsync(() => Latest(vtPack).Any(s => s.Code == WideQrs && !s.Provisional) && Latest(vtJson).Any(s => s.Code == WideQrs && !s.Provisional)
            && Latest(vtPack).All(s => !s.Provisional),
            TimeSpan.FromSeconds(15), "wide-QRS tachycardia proposed and confirmed to both VT viewers");
        await Eventually.UntilAsync(() => Latest(stPack).Any(s => s.Code == "sinus-tachycardia"), TimeSpan.FromSeconds(15), "sinus tachycardia proposed");

        var wide = Latest(vtPack).Where(s => s.Code == WideQrs).ToList();
        wide.Should().OnlyContain(s => s.Display == "Wide-QRS tachycardia" && s.SnomedCt == null && s.FromNs >= start && s.ToNs <= end && s.FromNs < s.ToNs);
        // Most of the 25 s (the detector learns for its first seconds; a block ends at 15 s).
        wide.Sum(s => s.ToNs - s.FromNs).Should().BeGreaterThan(15_000_000_000);
        foreach (var s in wide)
        {
            var evidence = s.Evidence.ToDictionary(e => e.Name, e => e);
            evidence["mean_qrs_ms"].Value.Should().BeGreaterThanOrEqualTo(120);
            evidence["mean_qrs_ms"].Unit.Should().Be("ms");
            evidence["ventricular_rate_bpm"].Value.Should().BeApproximately(140, 6);
            evidence["ventricular_rate_bpm"].Unit.Should().Be("/min");
            evidence["beats"].Value.Should().BeGreaterThanOrEqualTo(3);
        }

        // The JSON viewer reads the same statements, field for field.
        Latest(vtJson).Select(Key).Should().BeEquivalentTo(Latest(vtPack).Select(Key));
        vtJson.Analyses.SelectMany(a => a.Analysis.Beats).Should().OnlyContain(b => b.Class != "Unknown" && b.Class.Length > 0, "the class travels in JSON too");

        // Narrow sinus tachycardia at the same rate: proposed as such, never as wide-QRS; its beats measured narrow.
        Latest(stPack).Should().NotContain(s => s.Code == WideQrs);
        var narrow = stPack.Analyses.SelectMany(a => a.Analysis.Beats).Where(b => b.QrsMs is not null).ToList();
        narrow.Should().HaveCountGreaterThan(30);
        narrow.Should().OnlyContain(b => b.QrsMs < 120);
        vtPack.Analyses.SelectMany(a => a.Analysis.Beats).Where(b => b.QrsMs is not null).Should().HaveCountGreaterThan(30)
            .And.OnlyContain(b => b.QrsMs >= 120);

        // Stored as ecg_rhythm_statement and read back by session and time, confirmed (the stream ended).
        using var doctor = Client(gateway, Doctor);
        var stored = await Eventually.ValueAsync(
            () => StoredAsync(doctor, "cons-vt", start, WideQrs),
            list => list.Count == wide.Count && list.All(s => s.Status == "confirmed"),
            TimeSpan.FromSeconds(10),
            "the wide-QRS statements stored");
        stored.Select(s => s.StartNs).Should().BeEquivalentTo(wide.Select(s => s.FromNs));
        gateway.Log.Errors.Should().BeEmpty();
    }

    private static string Key(LiveRhythmStatement s) =>
        string.Create(CultureInfo.InvariantCulture, $"{s.Code} {s.Display} {s.FromNs} {s.ToNs} {string.Join(",", s.Evidence.Select(e => $"{e.Name}={e.Value:R}{e.Unit}"))}");
}
