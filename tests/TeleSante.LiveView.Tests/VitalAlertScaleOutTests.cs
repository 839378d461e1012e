using Microsoft.Extensions.DependencyInjection;
using TeleSante.Domain.Codes;
using TeleSante.Gateway.LiveView;
using TeleSante.LiveView.Tests.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.LiveView.Tests;

/// <summary>Vitals alerts across two real gateways sharing one real redis-server (LiveView:Redis): a practitioner
/// connected to gateway B gets the alert gateway A raised for a reading it accepted, once.</summary>
public sealed class VitalAlertScaleOutTests(InfluxFixture influx, RedisFixture redis) : IClassFixture<InfluxFixture>, IClassFixture<RedisFixture>
{
    private const string Doctor = "dr-alert-scale";

    [Fact]
    public async Task A_viewer_on_gateway_B_gets_the_alert_raised_by_gateway_A_once()
    {
        var settings = new Dictionary<string, string>
        {
            ["Influx:Database"] = InfluxFixture.NewDatabaseName("alertscale"),
            ["LiveView:Redis"] = redis.ConnectionString,
            ["LiveView:RedisChannelPrefix"] = "telesante-test-" + Guid.NewGuid().ToString("N")[..8],
        };
        await using var a = await LiveGateway.StartAsync(influx.Url, settings);
        await using var b = await LiveGateway.StartAsync(influx.Url, settings);
        var relayA = a.Services.GetRequiredService<RedisAlertRelay>();
        var relayB = b.Services.GetRequiredService<RedisAlertRelay>();
        await Eventually.UntilAsync(() => relayA.IsSubscribed && relayB.IsSubscribed, TimeSpan.FromSeconds(10), "both relays subscribed");
        const string session = "cons-alert-scale";
        b.Authorizer.Assign(Doctor, session);
        await using var viewer = await AlertViewer.JoinAsync(b, Doctor, session, messagePack: true);

        await using (var oximeter = new VitalsDevice(a.Grpc, "oxi-scale", session))
        {
            var t0 = Ns.Now() - 5_000_000_000;
            await oximeter.SendAsync(t0, (CodeCatalog.SpO2, 86, "%"));
            // A sentinel: a second episode's alert, published after the first on the same channel.
            await oximeter.SendAsync(t0 + 1_000_000_000, (CodeCatalog.SpO2, 95, "%"));
            await oximeter.SendAsync(t0 + 2_000_000_000, (CodeCatalog.SpO2, 87, "%"));
        }

        await Eventually.UntilAsync(() => viewer.Alerts.Any(x => x.Alert.Value == 87), TimeSpan.FromSeconds(10), "the sentinel alert through gateway B");
        var alerts = viewer.Alerts.Select(x => x.Alert).ToList();
        alerts.Select(x => (x.Value, x.EndedAtNs.HasValue)).Should().Equal((86, false), (86, true), (87, false));
        alerts.Should().OnlyContain(x => x.SessionId == session && x.DeviceId == "oxi-scale" && x.RefId == "MDC_PULS_OXIM_SAT_O2");
        relayA.Published.Should().Be(3);
        relayB.Received.Should().Be(3);
        relayB.Published.Should().Be(0, "B raised nothing: the reading was A's");
        a.Log.Errors.Should().BeEmpty();
        b.Log.Errors.Should().BeEmpty();
    }
}
