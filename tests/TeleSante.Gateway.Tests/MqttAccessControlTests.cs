using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using TeleSante.Testing;

namespace TeleSante.Gateway.Tests;

/// <summary>Topic access control of the embedded broker (issue 9), driven by mosquitto's own clients.</summary>
public sealed class MqttAccessControlTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    private static readonly Dictionary<string, string> Secure = new() { ["Security:DeviceAuthentication"] = "true" };

    private static string Reading(ulong seq, string session, double systolic)
    {
        var t = DateTimeOffset.UtcNow.AddSeconds(-5).ToString("O", CultureInfo.InvariantCulture);
        return $$"""{"seq":{{seq}},"sessionId":"{{session}}","deviceTime":"{{t}}","observations":[{"mdc":150021,"value":{{systolic.ToString(CultureInfo.InvariantCulture)}},"unit":"mm[Hg]","time":"{{t}}"}]}""";
    }

    private static async Task<List<JsonElement>> AuditAsync(GatewayProcess gateway, string actor) =>
        [.. (await gateway.Admin.GetFromJsonAsync<JsonElement>("/api/admin/audit?limit=1000&actor=" + actor)).EnumerateArray()];

    [Fact]
    public async Task A_device_may_subscribe_only_to_its_own_result_topic_and_never_sees_another_devices_refusals()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, Secure);
        var tokenA = await gateway.RegisterDeviceAsync("cuff-a", "bp-cuff", "site-a");
        var tokenC = await gateway.RegisterDeviceAsync("cuff-c", "bp-cuff", "site-c");
        var port = gateway.MqttPort;

        await using (var everything = await MosquittoClients.SubscribeAsync(port, "#", "cuff-c", tokenC))
        {
            MosquittoClients.SubAckCode(everything).Should().Be(0x80, "MQTT 3.1.1: SUBACK failure");
        }

        await using (var system = await MosquittoClients.SubscribeAsync(port, "$SYS/#", "cuff-c", tokenC, "mqttv5"))
        {
            MosquittoClients.SubAckCode(system).Should().Be(0x87, "MQTT 5: NotAuthorized");
        }

        await using (var foreign = await MosquittoClients.SubscribeAsync(port, "telesante/v1/site-a/cuff-a/result", "cuff-c", tokenC))
        {
            MosquittoClients.SubAckCode(foreign).Should().Be(0x80);
        }

        await using (var wildcard = await MosquittoClients.SubscribeAsync(port, "telesante/v1/+/+/result", "cuff-c", tokenC, "mqttv5"))
        {
            MosquittoClients.SubAckCode(wildcard).Should().Be(0x87);
        }

        await using var ownA = await MosquittoClients.SubscribeAsync(port, "telesante/v1/site-a/cuff-a/result", "cuff-a", tokenA);
        await using var ownC = await MosquittoClients.SubscribeAsync(port, "telesante/v1/site-c/cuff-c/result", "cuff-c", tokenC);
        MosquittoClients.SubAckCode(ownA).Should().Be(1, "a device's own result topic is granted");
        MosquittoClients.SubAckCode(ownC).Should().Be(1);

        // cuff-a's refusal quotes its patient's value; only cuff-a hears of it.
        await MosquittoClients.PublishAsync(port, "telesante/v1/site-a/cuff-a/vitals", Reading(1, "acl-a", 412), username: "cuff-a", password: tokenA);
        await ownA.WaitForOutputAsync(l => l.Contains("412", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        // Notices are dispatched in order: once cuff-c has its own, it would have had cuff-a's before it.
        await MosquittoClients.PublishAsync(port, "telesante/v1/site-c/cuff-c/vitals", Reading(1, "acl-c", 499), username: "cuff-c", password: tokenC);
        await ownC.WaitForOutputAsync(l => l.Contains("499", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        ownC.RecentOutput.Should().NotContain("412");

        var trail = await AuditAsync(gateway, "cuff-c");
        trail.Where(e => e.GetProperty("action").GetString() == "mqtt.subscribe" && e.GetProperty("outcome").GetString() == "denied")
            .Select(e => e.GetProperty("resource").GetString())
            .Should().BeEquivalentTo(["topic/#", "topic/$SYS/#", "topic/telesante/v1/site-a/cuff-a/result", "topic/telesante/v1/+/+/result"]);
    }

    [Fact]
    public async Task A_device_cannot_forge_retain_or_relay_messages_on_topics_that_are_not_its_readings()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, Secure);
        var tokenA = await gateway.RegisterDeviceAsync("oxi-a", "pulse-oximeter", "site-a");
        var tokenC = await gateway.RegisterDeviceAsync("oxi-c", "pulse-oximeter", "site-c");
        var port = gateway.MqttPort;
        await using var ownA = await MosquittoClients.SubscribeAsync(port, "telesante/v1/site-a/oxi-a/result", "oxi-a", tokenA);

        // A forged, retained "accepted" on oxi-a's result topic: MQTT 3.1.1 gets a PUBACK (it has no
        // negative one) but nobody receives it; MQTT 5 is told NotAuthorized.
        await MosquittoClients.PublishAsync(port, "telesante/v1/site-a/oxi-a/result", """{"seq":1,"outcome":"forged"}""", username: "oxi-c", password: tokenC, retain: true);
        var v5 = await MosquittoClients.PublishAsync(port, "telesante/v1/site-a/oxi-a/result", """{"seq":2,"outcome":"forged"}""", username: "oxi-c", password: tokenC, retain: true, protocol: "mqttv5");
        v5.Should().Contain("RC:135");
        // Relaying through the broker on any other topic, or on its own result topic, is refused too.
        (await MosquittoClients.PublishAsync(port, "chat/anything", "hello", username: "oxi-c", password: tokenC, protocol: "mqttv5")).Should().Contain("RC:135");
        (await MosquittoClients.PublishAsync(port, "telesante/v1/site-c/oxi-c/result", "forged", username: "oxi-c", password: tokenC, protocol: "mqttv5")).Should().Contain("RC:135");

        // oxi-a's genuine notice arrives; the forged ones never did, and nothing was retained for a new subscriber.
        await MosquittoClients.PublishAsync(port, "telesante/v1/site-a/oxi-a/vitals", "{\"seq\": 5, \"sessionId\": ", username: "oxi-a", password: tokenA);
        await ownA.WaitForOutputAsync(l => l.Contains("Malformed", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        await using var laterA = await MosquittoClients.SubscribeAsync(port, "telesante/v1/site-a/oxi-a/result", "oxi-a", tokenA);
        await MosquittoClients.PublishAsync(port, "telesante/v1/site-a/oxi-a/vitals", "{\"seq\": 6, \"sessionId\": ", username: "oxi-a", password: tokenA);
        await laterA.WaitForOutputAsync(l => l.Contains("\"seq\":6", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        ownA.RecentOutput.Should().NotContain("forged");
        laterA.RecentOutput.Should().NotContain("forged", "a device's publication is never retained");

        var trail = await AuditAsync(gateway, "oxi-c");
        trail.Where(e => e.GetProperty("action").GetString() == "mqtt.publish" && e.GetProperty("outcome").GetString() == "denied")
            .Select(e => e.GetProperty("resource").GetString())
            .Should().Contain(["topic/telesante/v1/site-a/oxi-a/result", "topic/chat/anything", "topic/telesante/v1/site-c/oxi-c/result"]);
    }

    [Fact]
    public async Task Refused_topic_access_is_audited_one_by_one_up_to_the_limit_then_counted()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string>(Secure)
        {
            ["Security:RefusedAuditPerDevice"] = "3",
            ["Security:RefusedAuditWindow"] = "00:00:03",
        });
        var token = await gateway.RegisterDeviceAsync("gluco-flood", "glucometer", "site-f");
        for (var i = 0; i < 10; i++)
        {
            (await MosquittoClients.PublishAsync(gateway.MqttPort, "flood/" + i, "x", username: "gluco-flood", password: token, protocol: "mqttv5")).Should().Contain("RC:135");
        }

        (await AuditAsync(gateway, "gluco-flood")).Count(e => e.GetProperty("action").GetString() == "mqtt.publish").Should().Be(3, "the first 3 in the window are recorded one by one");
        var trail = await StoredRecording.EventuallyAsync(() => AuditAsync(gateway, "gluco-flood"), t => t.Count(e => e.GetProperty("action").GetString() == "mqtt.publish") >= 4, TimeSpan.FromSeconds(15));
        trail.Should().ContainSingle(e => e.GetProperty("resource").GetString() == "device/gluco-flood"
            && e.GetProperty("detail").GetString()!.StartsWith("7 further refused attempts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_refusal_notice_goes_to_the_sender_with_the_seq_it_sent_not_to_the_device_it_wrote_for()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, Secure);
        var tokenX = await gateway.RegisterDeviceAsync("thermo-x", "thermometer", "site-t");
        var tokenY = await gateway.RegisterDeviceAsync("thermo-y", "thermometer", "site-t");
        var port = gateway.MqttPort;
        await using var ownX = await MosquittoClients.SubscribeAsync(port, "telesante/v1/site-t/thermo-x/result", "thermo-x", tokenX);
        await using var ownY = await MosquittoClients.SubscribeAsync(port, "telesante/v1/site-t/thermo-y/result", "thermo-y", tokenY);

        // MQTT 3.1.1: thermo-x writes on thermo-y's topic.
        await MosquittoClients.PublishAsync(port, "telesante/v1/site-t/thermo-y/vitals", Reading(7, "notice-to-sender", 120), username: "thermo-x", password: tokenX);
        var line = await ownX.WaitForOutputAsync(l => l.Contains("DeviceMismatch", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        var notice = JsonDocument.Parse(line[line.IndexOf('{')..]).RootElement;
        notice.GetProperty("seq").GetUInt64().Should().Be(7, "the seq is read from the payload");
        notice.GetProperty("outcome").GetString().Should().Be("rejected");

        // thermo-y's own later notice arrives; the one about thermo-x's attempt never did.
        await MosquittoClients.PublishAsync(port, "telesante/v1/site-t/thermo-y/vitals", "{\"seq\": 8, ", username: "thermo-y", password: tokenY);
        await ownY.WaitForOutputAsync(l => l.Contains("\"seq\":8", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        ownY.RecentOutput.Should().NotContain("DeviceMismatch");

        var letter = (await StoredRecording.DeadLettersAsync(gateway)).Single(l => l.GetProperty("reason").GetString() == "DeviceMismatch");
        letter.GetProperty("seq").UInt64().Should().Be(7, "the dead letter names the seq too");
    }
}
