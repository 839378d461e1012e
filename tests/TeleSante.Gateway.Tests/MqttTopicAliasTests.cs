using System.Globalization;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using TeleSante.Gateway.Tests.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.Gateway.Tests;

/// <summary>MQTT 5 topic aliases on the embedded broker (issue 14): the CONNACK announces Mqtt:TopicAliasMaximum
/// instead of MQTTnet's 65,535, aliases within it are honoured, one above it is a protocol error.</summary>
public sealed class MqttTopicAliasTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    private const string Topic = "telesante/v1/ph-alias/oxi-1/vitals";

    private static MqttApplicationMessage Reading(ulong seq, string session, string topic, ushort alias)
    {
        var t = DateTimeOffset.UtcNow.AddSeconds(-10 + (int)seq).ToString("O", CultureInfo.InvariantCulture);
        var payload = $$"""{"seq":{{seq}},"sessionId":"{{session}}","deviceTime":"{{t}}","observations":[{"mdc":150456,"value":{{90 + seq}},"unit":"%","time":"{{t}}"}]}""";
        var builder = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        return (alias == 0 ? builder : builder.WithTopicAlias(alias)).Build();
    }

    private static async Task<(IMqttClient Client, MqttClientConnectResult Connack)> ConnectAsync(GatewayProcess gateway, string clientId)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var connack = await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", gateway.MqttPort)
            .WithClientId(clientId).WithProtocolVersion(MqttProtocolVersion.V500).Build());
        return (client, connack);
    }

    [Fact]
    public async Task The_connack_announces_a_small_default_topic_alias_maximum_and_aliased_readings_are_stored()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        var (client, connack) = await ConnectAsync(gateway, "oxi-1");
        using var _ = client;
        connack.TopicAliasMaximum.Should().Be(16, "Mqtt:TopicAliasMaximum defaults to 16, not MQTTnet's 65,535");

        // The alias is set with the topic, then used alone (empty topic), at the maximum itself.
        (await client.PublishAsync(Reading(1, "alias-ok", Topic, 16))).ReasonCode.Should().Be(MqttClientPublishReasonCode.Success);
        (await client.PublishAsync(Reading(2, "alias-ok", "", 16))).ReasonCode.Should().Be(MqttClientPublishReasonCode.Success);

        var stored = await StoredRecording.EventuallyAsync(() => StoredRecording.ObservationsAsync(gateway, "alias-ok"), o => o.Count == 2, TimeSpan.FromSeconds(20));
        stored.Select(o => o.GetProperty("value").GetDouble()).Should().Equal(91, 92);
        stored.Should().OnlyContain(o => o.GetProperty("deviceId").GetString() == "oxi-1", "the aliased reading was stored under the aliased topic's device");
        gateway.ErrorLines().Should().BeEmpty();
    }

    [Fact]
    public async Task A_configured_maximum_is_announced_and_zero_turns_aliases_off()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string> { ["Mqtt:TopicAliasMaximum"] = "4" });
        var (client, connack) = await ConnectAsync(gateway, "oxi-4");
        using (client)
        {
            connack.TopicAliasMaximum.Should().Be(4);
        }

        await using var off = await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string> { ["Mqtt:TopicAliasMaximum"] = "0" });
        var (offClient, offConnack) = await ConnectAsync(off, "oxi-0");
        using (offClient)
        {
            offConnack.TopicAliasMaximum.Should().Be(0, "0 = no Topic Alias Maximum property: the client must not use aliases (MQTT 5 section 3.2.2.3.8)");
        }
    }

    [Fact]
    public async Task A_topic_alias_above_the_maximum_is_answered_disconnect_0x94_and_nothing_is_stored()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string> { ["Mqtt:TopicAliasMaximum"] = "4" });
        var (client, _) = await ConnectAsync(gateway, "oxi-5");
        using var __ = client;
        var disconnected = new TaskCompletionSource<MqttClientDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.DisconnectedAsync += args =>
        {
            disconnected.TrySetResult(args);
            return Task.CompletedTask;
        };

        var publish = client.PublishAsync(Reading(1, "alias-over", Topic, 5));
        var args = await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        args.ReasonString.Should().Contain("topic alias 5").And.Contain("maximum 4");
        ((int)args.Reason).Should().Be(0x94, "DISCONNECT 0x94 Topic Alias invalid (MQTT 5 section 3.3.2.3.4)");
        await FluentActions.Awaiting(() => publish).Should().ThrowAsync<Exception>("the PUBLISH is never acknowledged");

        var pipeline = (await gateway.HealthAsync()).GetProperty("pipeline");
        pipeline.GetProperty("accepted").GetInt64().Should().Be(0, "the refused PUBLISH never reached the pipeline");
        pipeline.GetProperty("rejected").GetInt64().Should().Be(0);
    }

    [Fact]
    public async Task A_topic_alias_never_set_is_refused_as_an_invalid_topic_name()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        var (client, _) = await ConnectAsync(gateway, "oxi-6");
        using var __ = client;

        var unknown = await client.PublishAsync(Reading(1, "alias-unknown", "", 3));
        unknown.ReasonCode.Should().Be(MqttClientPublishReasonCode.TopicNameInvalid);
        unknown.ReasonString.Should().Contain("unknown topic alias");

        (await client.PublishAsync(Reading(1, "alias-unknown", Topic, 0))).ReasonCode.Should().Be(MqttClientPublishReasonCode.Success, "the connection stays usable");
        (await gateway.HealthAsync()).GetProperty("pipeline").GetProperty("accepted").GetInt64().Should().Be(1);
    }
}
