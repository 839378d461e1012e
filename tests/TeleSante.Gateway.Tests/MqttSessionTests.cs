using System.Globalization;
using System.Net;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Formatter;
using TeleSante.Testing;

namespace TeleSante.Gateway.Tests;

/// <summary>
/// Sessions the embedded broker keeps for devices that connect with clean session off (MQTT 3.1.1) or a session
/// expiry (MQTT 5) (issue 14): a kept session belongs to the device that made it, it expires, and a device cut off
/// stays cut off whichever connection of its client id is the live one. Driven by mosquitto's own clients where the
/// protocol allows, MQTTnet's where the test needs the CONNACK's properties.
/// </summary>
public sealed class MqttSessionTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    private static readonly Dictionary<string, string> Secure = new() { ["Security:DeviceAuthentication"] = "true" };

    private static string Reading(ulong seq, string session, double spo2)
    {
        var t = DateTimeOffset.UtcNow.AddSeconds(-5).ToString("O", CultureInfo.InvariantCulture);
        return $$"""{"seq":{{seq}},"sessionId":"{{session}}","deviceTime":"{{t}}","observations":[{"mdc":150456,"value":{{spo2.ToString(CultureInfo.InvariantCulture)}},"unit":"%","time":"{{t}}"}]}""";
    }

    private static async Task<JsonElement> BrokerAsync(GatewayProcess gateway) => (await gateway.HealthAsync()).GetProperty("mqtt");

    [Theory]
    [InlineData("mqttv311")]
    [InlineData("mqttv5")]
    public async Task A_device_cannot_take_up_another_devices_kept_session_by_reusing_its_client_id(string protocol)
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, Secure);
        var tokenA = await gateway.RegisterDeviceAsync("oxi-owner", "pulse-oximeter", "site-s");
        var tokenB = await gateway.RegisterDeviceAsync("oxi-intruder", "pulse-oximeter", "site-s");
        var port = gateway.MqttPort;
        var session = "kept-" + protocol;

        // The owner publishes with clean session off and goes away: the broker keeps its session under that client id.
        await MosquittoClients.PublishAsync(port, "telesante/v1/site-s/oxi-owner/vitals", Reading(1, session, 97), clientId: "cabin-3-oximeter",
            username: "oxi-owner", password: tokenA, protocol: protocol, keepSession: true);

        // Another registered device connects under the same client id, resuming that session, and writes for the owner.
        var intruder = () => MosquittoClients.PublishAsync(port, "telesante/v1/site-s/oxi-owner/vitals", Reading(2, session, 61), clientId: "cabin-3-oximeter",
            username: "oxi-intruder", password: tokenB, protocol: protocol, keepSession: true);
        (await intruder.Should().ThrowAsync<InvalidOperationException>("the client id's session belongs to oxi-owner"))
            .Which.Message.Should().MatchRegex("(?i)not authori[sz]ed");

        // Even with a clean session it may not take the client id: that would discard the owner's queued notices.
        var clean = () => MosquittoClients.PublishAsync(port, "telesante/v1/site-s/oxi-intruder/vitals", Reading(1, session + "-b", 95), clientId: "cabin-3-oximeter",
            username: "oxi-intruder", password: tokenB, protocol: protocol);
        await clean.Should().ThrowAsync<InvalidOperationException>();

        // The owner resumes its own session as before.
        await MosquittoClients.PublishAsync(port, "telesante/v1/site-s/oxi-owner/vitals", Reading(3, session, 98), clientId: "cabin-3-oximeter",
            username: "oxi-owner", password: tokenA, protocol: protocol, keepSession: true);

        var stored = await StoredRecording.EventuallyAsync(() => StoredRecording.ObservationsAsync(gateway, session), o => o.Count >= 2, TimeSpan.FromSeconds(20));
        stored.Select(o => o.GetProperty("value").GetDouble()).Should().Equal([97, 98], "only the owner's readings: the intruder's 61 % was never stored as the owner's");
        gateway.RecentOutput.Split('\n').Should().Contain(l => l.Contains("oxi-intruder", StringComparison.Ordinal) && l.Contains("cabin-3-oximeter", StringComparison.Ordinal), "the refusal names the device and the client id");
    }

    [Fact]
    public async Task A_kept_session_expires_after_Mqtt_SessionExpiry_and_an_mqtt5_client_is_told_the_capped_expiry()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string>
        {
            ["Security:DeviceAuthentication"] = "true",
            ["Mqtt:SessionExpiry"] = "00:00:03",
            ["Mqtt:SessionSweepInterval"] = "00:00:00.5",
        });
        var token = await gateway.RegisterDeviceAsync("oxi-churn", "pulse-oximeter", "site-e");
        var tokenOther = await gateway.RegisterDeviceAsync("oxi-next", "pulse-oximeter", "site-e");

        await MosquittoClients.PublishAsync(gateway.MqttPort, "telesante/v1/site-e/oxi-churn/vitals", Reading(1, "expiry", 96), clientId: "churn-1",
            username: "oxi-churn", password: token, keepSession: true);
        await Eventually.UntilAsync(async () => (await BrokerAsync(gateway)).GetProperty("keptSessions").GetInt32() == 1, TimeSpan.FromSeconds(3),
            "an MQTT 3.1.1 clean-session-off client's session is kept after it left (counted at each sweep)");
        await Eventually.UntilAsync(async () => (await BrokerAsync(gateway)).GetProperty("keptSessions").GetInt32() == 0, TimeSpan.FromSeconds(10),
            "the session of a device gone for longer than Mqtt:SessionExpiry is deleted");
        (await BrokerAsync(gateway)).GetProperty("expiredSessions").GetInt64().Should().Be(1);

        // Its client id is free again once the session is gone.
        await MosquittoClients.PublishAsync(gateway.MqttPort, "telesante/v1/site-e/oxi-next/vitals", Reading(1, "expiry-next", 95), clientId: "churn-1",
            username: "oxi-next", password: tokenOther, keepSession: true);

        // An MQTT 5 client asking to be kept for a day is told the broker keeps it 3 s (MQTT 5 section 3.2.2.3.2).
        using var client = new MqttClientFactory().CreateMqttClient();
        var connack = await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", gateway.MqttPort).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId("churn-5").WithCredentials("oxi-churn", token).WithCleanStart(false).WithSessionExpiryInterval(86_400).Build());
        connack.SessionExpiryInterval.Should().Be(3u);
        await client.DisconnectAsync();
        await Eventually.UntilAsync(async () => (await BrokerAsync(gateway)).GetProperty("expiredSessions").GetInt64() == 3, TimeSpan.FromSeconds(15),
            "the MQTT 5 session expires at the capped interval, not the day it asked for");
        gateway.ErrorLines().Should().BeEmpty();
    }

    [Fact]
    public async Task A_connection_refused_for_an_empty_client_id_does_not_count_against_the_devices_connections()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string>
        {
            ["Security:DeviceAuthentication"] = "true",
            ["Security:MaxConnectionsPerDevice"] = "1",
        });
        var token = await gateway.RegisterDeviceAsync("oxi-noid", "pulse-oximeter", "site-n");
        MqttClientOptions Options(string clientId) => new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", gateway.MqttPort)
            .WithProtocolVersion(MqttProtocolVersion.V500).WithClientId(clientId).WithCredentials("oxi-noid", token).Build();

        using var anonymous = new MqttClientFactory().CreateMqttClient();
        var refused = await anonymous.ConnectAsync(Options(string.Empty), CancellationToken.None).ContinueWith(t => t.IsFaulted ? null : t.Result);
        (refused is null || refused.ResultCode == MqttClientConnectResultCode.ClientIdentifierNotValid).Should().BeTrue("the gateway assigns no client id");
        anonymous.IsConnected.Should().BeFalse();

        using var named = new MqttClientFactory().CreateMqttClient();
        (await named.ConnectAsync(Options("noid-1"))).ResultCode.Should().Be(MqttClientConnectResultCode.Success,
            "the refused connection holds none of the device's one allowed connection");
    }

    [Fact]
    public async Task A_revoked_device_is_cut_on_the_connection_that_took_over_its_client_id()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, Secure);
        var token = await gateway.RegisterDeviceAsync("oxi-takeover", "pulse-oximeter", "site-t");
        var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", gateway.MqttPort).WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId("takeover-1").WithCredentials("oxi-takeover", token).Build();

        using var first = new MqttClientFactory().CreateMqttClient();
        await first.ConnectAsync(options);
        using var second = new MqttClientFactory().CreateMqttClient();
        var cut = new TaskCompletionSource<MqttClientDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        second.DisconnectedAsync += args =>
        {
            cut.TrySetResult(args);
            return Task.CompletedTask;
        };
        await second.ConnectAsync(options); // the same client id: the broker closes the first connection (session takeover)
        await Eventually.UntilAsync(() => !first.IsConnected, TimeSpan.FromSeconds(5), "the first connection is taken over");

        (await gateway.Admin.PostAsync("/api/admin/devices/oxi-takeover/revoke", null)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var disconnected = await cut.Task.WaitAsync(TimeSpan.FromSeconds(10));
        disconnected.ReasonString.Should().Be("device revoked");
    }
}
