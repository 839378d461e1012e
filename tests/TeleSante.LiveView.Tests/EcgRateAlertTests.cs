using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TeleSante.Access.Audit;
using TeleSante.LiveView.Tests.Infrastructure;
using TeleSante.Testing;
using Xunit.Abstractions;

namespace TeleSante.LiveView.Tests;

/// <summary>
/// Issue 12: the vitals alert rule of MDC_ECG_HEART_RATE takes the heart rate the gateway's ECG analysis computes as an
/// input, so a device that sends only its ECG (no HR reading) raises "HR ≥ 150": one alert per episode, with the span of
/// the beats measured, stored, audited and pushed to a .NET SignalR viewer; the episode ends when the rate is back.
/// </summary>
public sealed class EcgRateAlertTests(InfluxFixture influx, ITestOutputHelper output) : IClassFixture<InfluxFixture>
{
    private const string Doctor = "dr-ecg-rate";

    [Fact]
    public async Task A_fast_ecg_raises_one_heart_rate_alert_with_its_measured_span_and_the_episode_ends_when_the_rate_is_back()
    {
        await using var gateway = await LiveGateway.StartAsync(influx.Url, new Dictionary<string, string>
        {
            ["LiveView:Alerts:MDC_ECG_HEART_RATE:Below"] = "40",
            ["LiveView:Alerts:MDC_ECG_HEART_RATE:AtOrAbove"] = "150",
        });
        const string session = "cons-ecg-rate-alert";
        gateway.Authorizer.Assign(Doctor, session);
        await using var viewer = await AlertViewer.JoinAsync(gateway, Doctor, session, messagePack: true);
        var start = Ns.Now() - 60_000_000_000;
        var fastUntil = start + 20_000_000_000;

        // 20 s at 170 bpm, then the same device at 70 bpm (contiguous samples, numbering continued). ECG only: the
        // device sends no heart-rate reading of its own.
        await using (var fast = new SimulatedDevice(gateway.Grpc, "ecg-fast", session, start, heartRate: 170, ectopic: 0))
        {
            // The first batch alone: the analysis starts the device's numbering at the first batch it sees.
            await fast.SendAsync(1);
            await fast.DrainAsync(TimeSpan.FromSeconds(10));
            await fast.SendAsync(39);
            await fast.DrainAsync(TimeSpan.FromSeconds(10));
        }

        var (raised, _) = await viewer.WaitForAsync(1, TimeSpan.FromSeconds(10), "the alert of the ECG heart rate");
        await using (var slow = new SimulatedDevice(gateway.Grpc, "ecg-fast", session, fastUntil, heartRate: 70, ectopic: 0, firstSeq: 41))
        {
            await slow.SendAsync(40);
            await slow.DrainAsync(TimeSpan.FromSeconds(10));
        }

        var (ended, _) = await viewer.WaitForAsync(2, TimeSpan.FromSeconds(10), "the end of the episode");
        output.WriteLine($"raised {raised.Value:F1} /min over {(raised.MeasuredFromNs - start) / 1e9:F2}..{(raised.MeasuredAtNs - start) / 1e9:F2} s; ended at {(ended.EndedAtNs - start) / 1e9:F2} s");

        raised.Should().BeEquivalentTo(new VitalAlert
        {
            SessionId = session, DeviceId = "ecg-fast", RefId = "MDC_ECG_HEART_RATE", MdcCode = 147842, Label = "Heart rate (ECG)", Severity = "high",
            Direction = VitalAlert.AtOrAboveDirection, Limit = 150, RuleUnit = "/min", Unit = "/min", Source = VitalAlert.EcgAnalysisSource,
        }, o => o.Excluding(a => a.Id).Excluding(a => a.RaisedAtNs).Excluding(a => a.Value).Excluding(a => a.MeasuredAtNs).Excluding(a => a.MeasuredFromNs));
        raised.Value.Should().BeApproximately(170, 8, "60 / median RR of the generated beats");
        raised.MeasuredFromNs.Should().NotBeNull();
        raised.MeasuredFromNs!.Value.Should().BeGreaterThanOrEqualTo(start);
        raised.MeasuredAtNs.Should().BeLessThan(fastUntil);
        // Eight RR intervals (Analysis:RateIntervals) at 170 bpm: about 2.8 s of beats.
        ((raised.MeasuredAtNs - raised.MeasuredFromNs.Value) / 1e9).Should().BeApproximately(8 * 60 / 170.0, 0.3);
        ended.Id.Should().Be(raised.Id, "the same episode ends");
        ended.EndedAtNs.Should().BeGreaterThan(fastUntil, "the rate is back in range only after the slow part begins");
        ended.EndedAtNs.Should().BeLessThan(fastUntil + 15_000_000_000);

        // One alert per episode: 20 s of rates above the limit raised one.
        await Eventually.UntilAsync(() => Stored(gateway, session).Result.Count == 1, TimeSpan.FromSeconds(5), "the alert stored");
        var stored = (await Stored(gateway, session)).Single();
        stored.GetProperty("id").GetString().Should().Be(raised.Id);
        stored.GetProperty("source").GetString().Should().Be("ecg-analysis");
        stored.GetProperty("measuredFromNs").GetString().Should().Be(raised.MeasuredFromNs.Value.ToString(CultureInfo.InvariantCulture));
        viewer.Alerts.Select(a => a.Alert.Id).Distinct().Should().ContainSingle();
        var trail = await gateway.Services.GetRequiredService<IAuditTrail>().QueryAsync("gateway", "session/" + session, 100, CancellationToken.None);
        trail.Where(e => e.Entry.Action == "vital-alert.raise").Should().ContainSingle()
            .Which.Entry.Detail.Should().StartWith(raised.Id + ": MDC_ECG_HEART_RATE");
        gateway.Log.Errors.Should().BeEmpty();
    }

    private static async Task<List<JsonElement>> Stored(LiveGateway gateway, string session)
    {
        using var client = new HttpClient { BaseAddress = gateway.HttpBase };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Doctor);
        using var doc = JsonDocument.Parse(await client.GetStringAsync($"/api/sessions/{session}/alerts"));
        return [.. doc.RootElement.GetProperty("alerts").EnumerateArray().Select(e => e.Clone())];
    }
}
