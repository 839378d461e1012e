using System.Text.Json;
using TeleSante.LiveView.Tests.Infrastructure;
using TeleSante.Testing;
using Xunit.Abstractions;

namespace TeleSante.LiveView.Tests;

/// <summary>
/// Calipers in the viewer (issue 12), in Debian's chromium: on a synthetic lead II whose R waves are 800 ms apart
/// and 1.5 mV tall, a time caliper dragged between two R peaks found in the canvas pixels reads 800 ms and 75 bpm,
/// and an amplitude caliper from the baseline to an R apex reads 1.5 mV, each within one small box (1 mm) of the
/// paper, at 25 and 50 mm/s and at 5, 10 and 20 mm/mV. Screenshots to artifacts/viewer-calipers-*.png.
/// </summary>
public sealed class CaliperBrowserTests(InfluxFixture influx, ITestOutputHelper output) : IClassFixture<InfluxFixture>
{
    private const string Doctor = "dr-calipers";
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task Calipers_measure_the_rr_interval_rate_and_r_amplitude_true_to_the_grid_at_every_speed_and_gain()
    {
        File.Exists(Chromium).Should().BeTrue("Debian chromium is needed (run scripts/install-web.sh --with-browser first)");
        await using var gateway = await LiveGateway.StartAsync(influx.Url);
        const string session = "cons-calipers";
        gateway.Authorizer.Assign(Doctor, session);
        // 30 s ending now: the join brings the last 10 s, storage the rows above.
        await new SpikeEcgDevice(gateway.Grpc, "ecg-spikes", session).SendAsync(Ns.NowWholeMs() - 30_000_000_000, 30);
        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(30));

        var settings = new[] { (Speed: 25.0, Gain: 10.0), (Speed: 50.0, Gain: 10.0), (Speed: 25.0, Gain: 20.0), (Speed: 50.0, Gain: 5.0) };
        var lines = await NodeScript.RunAsync("tests/TeleSante.LiveView.Tests/Browser/viewer-calipers.cjs", new
        {
            chromium = Chromium,
            artifacts = Repository.Artifacts,
            url = $"{gateway.HttpBase}viewer/index.html?session={session}#access_token={Doctor}",
            settings = settings.Select(s => new { speed = s.Speed, gain = s.Gain }),
        }, TimeSpan.FromSeconds(120));
        var result = lines[^1];
        output.WriteLine(result.ToString());
        result.TryGetProperty("failure", out var failure).Should().BeFalse(failure.ToString());
        result.GetProperty("pageErrors").GetArrayLength().Should().Be(0);

        var measurements = result.GetProperty("measurements").EnumerateArray().ToList();
        measurements.Should().HaveCount(settings.Length);
        foreach (var m in measurements)
        {
            var speed = m.GetProperty("speed").GetDouble();
            var gain = m.GetProperty("gain").GetDouble();
            var smallBoxMs = 1000 / speed; // 1 mm of paper
            var smallBoxMv = 1 / gain;
            var time = m.GetProperty("time").GetProperty("measurement");
            time.GetProperty("kind").GetString().Should().Be("time");
            time.GetProperty("ms").GetDouble().Should().BeApproximately(SpikeEcgDevice.RrMs, smallBoxMs, $"RR at {speed} mm/s, {gain} mm/mV");
            time.GetProperty("bpm").GetDouble().Should().BeInRange(60_000 / (SpikeEcgDevice.RrMs + smallBoxMs), 60_000 / (SpikeEcgDevice.RrMs - smallBoxMs), "75 bpm");
            m.GetProperty("time").GetProperty("readout").GetString().Should().MatchRegex(@"^\d+ ms · \d+\.\d bpm$", "the caliper's label on screen");

            var amplitude = m.GetProperty("amplitude").GetProperty("measurement");
            amplitude.GetProperty("kind").GetString().Should().Be("amplitude");
            amplitude.GetProperty("mv").GetDouble().Should().BeApproximately(SpikeEcgDevice.RMillivolts, smallBoxMv, $"R amplitude at {gain} mm/mV");
            m.GetProperty("amplitude").GetProperty("readout").GetString().Should().MatchRegex(@"^\d\.\d\d mV$");
        }

        // The scale really changed: the same RR is twice as wide on paper at 50 mm/s, the same R twice as tall at 20 mm/mV.
        double Width(JsonElement m) => m.GetProperty("found").GetProperty("peaks")[1].GetProperty("x").GetDouble() - m.GetProperty("found").GetProperty("peaks")[0].GetProperty("x").GetDouble();
        double Height(JsonElement m) => m.GetProperty("found").GetProperty("baselineTop").GetDouble() - m.GetProperty("found").GetProperty("peaks")[1].GetProperty("top").GetDouble();
        (Width(measurements[1]) / Width(measurements[0])).Should().BeApproximately(2, 0.05);
        (Height(measurements[2]) / Height(measurements[0])).Should().BeApproximately(2, 0.1);
        gateway.Log.Errors.Should().BeEmpty();
    }
}
