using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TeleSante.Domain.Codes;
using TeleSante.LiveView.Internal;
using TeleSante.LiveView.Tests.Infrastructure;
using TeleSante.Testing;
using Xunit.Abstractions;

namespace TeleSante.LiveView.Tests;

/// <summary>
/// The viewer's alert banner is the gateway's alert (issue 12), in Debian's chromium against the real gateway: an
/// oximeter streams SpO2 85 % over gRPC while the page is open; the banner shows the reading's value, unit, time
/// and the limit; Acknowledge is clicked; the banner then says who acknowledged it, and the API has it stored.
/// </summary>
public sealed class VitalAlertBrowserTests(InfluxFixture influx, ITestOutputHelper output) : IClassFixture<InfluxFixture>
{
    private const string Doctor = "dr-banner";
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task An_spo2_of_85_shows_the_gateways_banner_and_acknowledging_it_is_stored()
    {
        File.Exists(Chromium).Should().BeTrue("Debian chromium is needed (run scripts/install-web.sh --with-browser first)");
        await using var gateway = await LiveGateway.StartAsync(influx.Url);
        const string session = "cons-banner";
        gateway.Authorizer.Assign(Doctor, session);
        var measuredNs = Ns.NowWholeMs() - 2_000_000_000;
        var subscriptions = gateway.Services.GetRequiredService<LiveSubscriptions>();
        var stream = Task.Run(async () =>
        {
            // Streamed once the page has joined: the banner comes from the live push, not from the page's load.
            await Eventually.UntilAsync(() => subscriptions.Count > 0, TimeSpan.FromSeconds(30), "the page joins");
            await using var oximeter = new VitalsDevice(gateway.Grpc, "oxi-banner", session);
            await oximeter.SendAsync(measuredNs, (CodeCatalog.SpO2, 85, "%"));
        });

        var lines = await NodeScript.RunAsync("tests/TeleSante.LiveView.Tests/Browser/viewer-alert.cjs", new
        {
            chromium = Chromium,
            artifacts = Repository.Artifacts,
            url = $"{gateway.HttpBase}viewer/index.html?session={session}#access_token={Doctor}",
            bannerText = "SpO2 85 %",
        }, TimeSpan.FromSeconds(90));
        await stream;
        var result = lines[^1];
        output.WriteLine(result.ToString());
        result.TryGetProperty("failure", out var failure).Should().BeFalse(failure.ToString());
        result.GetProperty("pageErrors").GetArrayLength().Should().Be(0);

        var measuredText = DateTimeOffset.FromUnixTimeMilliseconds(measuredNs / 1_000_000).ToLocalTime().ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var before = result.GetProperty("before").GetProperty("banners").EnumerateArray().ToList();
        before.Should().ContainSingle();
        before[0].GetProperty("text").GetString().Should().Contain("SpO2 85 % — below 92 %").And.Contain($"measured {measuredText}").And.Contain("oxi-banner");
        before[0].GetProperty("button").GetBoolean().Should().BeTrue("an unacknowledged alert offers Acknowledge");
        result.GetProperty("before").GetProperty("spo2TileAlarm").GetBoolean().Should().BeTrue();

        var after = result.GetProperty("after").GetProperty("banners").EnumerateArray().ToList();
        after.Should().ContainSingle();
        after[0].GetProperty("acknowledged").GetBoolean().Should().BeTrue();
        after[0].GetProperty("button").GetBoolean().Should().BeFalse();
        after[0].GetProperty("text").GetString().Should().MatchRegex($@"acknowledged by {Doctor} at \d\d:\d\d:\d\d");

        using var http = new HttpClient { BaseAddress = gateway.HttpBase };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Doctor);
        var stored = await http.GetFromJsonAsync<JsonElement>($"/api/sessions/{session}/alerts");
        var alert = stored.GetProperty("alerts").EnumerateArray().Should().ContainSingle().Subject;
        alert.GetProperty("id").GetString().Should().Be(before[0].GetProperty("id").GetString());
        alert.GetProperty("acknowledgedBy").GetString().Should().Be(Doctor);
        alert.GetProperty("value").GetDouble().Should().Be(85);
        alert.GetProperty("measuredAtNs").GetString().Should().Be(measuredNs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        gateway.Log.Errors.Should().BeEmpty();
    }
}
