using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using TeleSante.LiveView.Tests.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.LiveView.Tests;

/// <summary>Issue 12 "in the running service": the gateway analyses a streaming ECG behind the acknowledgement and a
/// practitioner's client (the .NET SignalR client, MessagePack) receives the beats and the rate within a second.</summary>
public sealed class LiveAnalysisTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    private const string Doctor = "dr-analyse";
    private const long ToleranceNs = 40_000_000;

    [Fact]
    public async Task Viewer_receives_the_generators_beats_and_the_server_rate_within_a_second_and_a_hole_is_said_not_guessed()
    {
        // Four intervals for the rate so that it is back soon after the hole (the default is eight).
        await using var gateway = await LiveGateway.StartAsync(influx.Url, new Dictionary<string, string> { ["Analysis:RateIntervals"] = "4" });
        const string session = "cons-analysis-live";
        gateway.Authorizer.Assign(Doctor, session);
        await using var viewer = await TestViewer.ConnectAsync(gateway, Doctor, messagePack: true);
        await viewer.JoinAsync(session);

        var start = Ns.Now();
        await using var device = new SimulatedDevice(gateway.Grpc, "ecg-analysed", session, start, heartRate: 72, ectopic: 0);
        using (var streaming = new CancellationTokenSource(TimeSpan.FromSeconds(13)))
        {
            // Electrode off from 5 to 6 s: those chunks never arrive.
            await device.StreamRealTimeAsync(streaming.Token, leadOff: t => t is >= 5 and < 6);
        }

        await device.DrainAsync(TimeSpan.FromSeconds(10));
        var sentUntil = device.Sent.Max(b => b.Waveforms[0].StartTimeNs) + 500_000_000;
        // A chunk without a beat brings no message: wait for one covering the last second.
        await Eventually.UntilAsync(() => viewer.Analyses.Any(a => a.Analysis.ToNs >= sentUntil - 1_000_000_000), TimeSpan.FromSeconds(5), $"the analysis of the last second ({viewer.Analyses.Count} messages so far)");
        var analyses = viewer.Analyses.Select(a => a.Analysis).ToList();
        analyses.Should().OnlyContain(a => a.SessionId == session && a.DeviceId == "ecg-analysed");

        // Every R peak the generator drew (up to the classification delay before the end: a beat is reported once the
        // next one is detected and the noise marker has judged the blocks around both, about two RR plus the detector's
        // delay since the marker follows the beats — README, "Fast rhythms are not noise") is a beat within 40 ms, and no
        // beat is anything else; none is reported inside the hole.
        var holeFrom = start + 5_000_000_000;
        var holeTo = start + 6_000_000_000;
        var expected = device.Recorder.Signal.RPeakTimes.Select(t => start + (long)Math.Round(t * 1e9))
            .Where(t => t < sentUntil - 2_500_000_000 && (t < holeFrom - 300_000_000 || t >= holeTo)).ToList();
        var beats = analyses.SelectMany(a => a.Beats).ToList();
        expected.Should().HaveCountGreaterThan(10);
        foreach (var peak in expected)
        {
            beats.Should().Contain(b => Math.Abs(b.TimeNs - peak) <= ToleranceNs, $"the generator's beat at {(peak - start) / 1e6:F0} ms was detected");
        }

        var allPeaks = device.Recorder.Signal.RPeakTimes.Select(t => start + (long)Math.Round(t * 1e9)).ToList();
        beats.Should().OnlyContain(b => allPeaks.Any(p => Math.Abs(b.TimeNs - p) <= ToleranceNs), "every beat is one of the generator's");
        beats.Should().OnlyContain(b => b.TimeNs < holeFrom || b.TimeNs >= holeTo);

        // The hole is said (a gap segment over it), and no RR spans it: the first beat after it starts a new run.
        analyses.SelectMany(a => a.NotAnalysed).Should().Contain(s => s.Code == "gap" && Math.Abs(s.FromNs - holeFrom) < 5_000_000 && Math.Abs(s.ToNs - holeTo) < 5_000_000);
        beats.First(b => b.TimeNs >= holeTo).RrMs.Should().BeNull("no RR is measured across a hole");

        // Rate: 60 / median RR of the generator's beats, with the span it was measured over.
        var rates = analyses.Where(a => a.Rate is not null).Select(a => a.Rate!).ToList();
        rates.Should().NotBeEmpty();
        var last = rates[^1];
        last.FromNs.Should().BeLessThan(last.ToNs);
        last.Bpm.Should().BeApproximately(72, 4);
        rates.Should().OnlyContain(r => r.FromNs >= holeTo || r.ToNs < holeFrom, "a rate never spans the hole");

        // Within a second: each message arrives less than 1 s after the last sample it covers reached the gateway (the
        // device sends a chunk when its clock reaches the chunk's last sample, and is acknowledged after that).
        var late = viewer.Analyses.Where(a => a.Analysis.Beats.Length > 0)
            .Select(a => (a.ReceivedUtc.Ticks - DateTime.UnixEpoch.Ticks) * 100 - a.Analysis.ToNs).Where(ns => ns > 1_000_000_000).ToList();
        late.Should().BeEmpty("analysis reaches the viewer within 1 s of the samples");
        gateway.Log.Errors.Should().BeEmpty();

        // Stored as their own series, read back by session and time, access-checked.
        using var doctor = new HttpClient { BaseAddress = gateway.HttpBase };
        doctor.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Doctor);
        var url = $"/api/recordings/{session}/ecg/analysis?from={start}&to={Ns.Now()}";
        var stored = await Eventually.ValueAsync(
            async () => JsonDocument.Parse(await doctor.GetStringAsync(url)),
            doc => doc.RootElement.GetProperty("devices").GetArrayLength() == 1 && doc.RootElement.GetProperty("devices")[0].GetProperty("beats").GetArrayLength() == beats.Count,
            TimeSpan.FromSeconds(10),
            "the beats stored");
        var device0 = stored.RootElement.GetProperty("devices")[0];
        device0.GetProperty("deviceId").GetString().Should().Be("ecg-analysed");
        device0.GetProperty("beats").EnumerateArray().Select(b => long.Parse(b.GetProperty("timeNs").GetString()!, System.Globalization.CultureInfo.InvariantCulture))
            .Should().Equal(beats.Select(b => b.TimeNs).OrderBy(t => t));
        device0.GetProperty("notAnalysed").EnumerateArray().Should().Contain(s => s.GetProperty("reason").GetString() == "gap");
        device0.GetProperty("rates").GetArrayLength().Should().Be(rates.Count);

        using var other = new HttpClient { BaseAddress = gateway.HttpBase };
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "dr-other");
        (await other.GetAsync(url)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        gateway.Authorizer.Decisions.Should().Contain(d => d.Action == "ecg-analysis.read" && d.User == "dr-other" && !d.Allowed);
    }
}
