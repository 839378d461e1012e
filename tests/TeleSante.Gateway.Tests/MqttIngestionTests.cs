using System.Globalization;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using TeleSante.Gateway.Tests.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.Gateway.Tests;

public sealed class MqttIngestionTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    private static string Vitals(ulong seq, string session, DateTimeOffset time, string observations) =>
        $$"""{"seq":{{seq}},"sessionId":"{{session}}","deviceTime":"{{time.ToString("O", CultureInfo.InvariantCulture)}}","observations":[{{observations}}]}""";

    private static string Observation(object mdc, double value, string unit, DateTimeOffset time, string? loinc = null) =>
        $$"""{"mdc":{{(mdc is string s ? $"\"{s}\"" : mdc)}},{{(loinc is null ? "" : $"\"loinc\":\"{loinc}\",")}}"value":{{value.ToString(CultureInfo.InvariantCulture)}},"unit":"{{unit}}","time":"{{time.ToString("O", CultureInfo.InvariantCulture)}}"}""";

    [Fact]
    public async Task Vitals_published_with_mosquitto_pub_reach_influxdb_with_their_codes_and_units()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        var t = DateTimeOffset.UtcNow.AddSeconds(-30);
        var messages = new[]
        {
            Vitals(1, "mqtt-vitals", t, string.Join(',',
                Observation(150021, 128, "mm[Hg]", t, "8480-6"),
                Observation(150022, 82, "mm[Hg]", t),
                Observation(150023, 97.3, "mm[Hg]", t),
                Observation(149546, 71, "/min", t))),
            Vitals(2, "mqtt-vitals", t.AddSeconds(5), string.Join(',',
                Observation("MDC_PULS_OXIM_SAT_O2", 97, "%", t.AddSeconds(5)),
                Observation(150364, 37.4, "Cel", t.AddSeconds(5)),
                Observation(160196, 108, "mg/dL", t.AddSeconds(5)))),
        };

        // mosquitto_pub is an independent MQTT client; one message per invocation so each PUBACK is awaited.
        foreach (var message in messages)
        {
            await MosquittoClients.PublishAsync(gateway.MqttPort, "telesante/v1/pharma-lyon-03/cuff-7/vitals", message);
        }

        var observations = await StoredRecording.EventuallyAsync(() => StoredRecording.ObservationsAsync(gateway, "mqtt-vitals"), o => o.Count == 7, TimeSpan.FromSeconds(20));
        var byCode = observations.ToDictionary(o => o.GetProperty("mdcCode").GetUInt32());
        byCode.Keys.Should().BeEquivalentTo(new uint[] { 150021, 150022, 150023, 149546, 150456, 150364, 160196 });
        Expect(byCode[150021], 128, "mm[Hg]", "8480-6");
        Expect(byCode[150022], 82, "mm[Hg]", "8462-4");
        Expect(byCode[150023], 97.3, "mm[Hg]", "8478-0");
        Expect(byCode[149546], 71, "/min", "8867-4");
        Expect(byCode[150456], 97, "%", "59408-5");
        Expect(byCode[150364], 37.4, "Cel", "8310-5");
        Expect(byCode[160196], 108, "mg/dL", "41653-7");
        byCode[150021].GetProperty("deviceId").GetString().Should().Be("cuff-7");
        byCode[150021].GetProperty("timeNs").Int64().Should().Be((t.UtcTicks - DateTime.UnixEpoch.Ticks) * 100);

        // And directly in InfluxDB, as any other reader of the database would see it.
        var raw = await influx.Server.QueryJsonAsync("SELECT \"value\" FROM \"observation\" WHERE \"mdc\" = '150021' GROUP BY \"unit\",\"loinc\",\"site\"", gateway.Database);
        raw.Should().Contain("\"unit\":\"mm[Hg]\"").And.Contain("\"loinc\":\"8480-6\"").And.Contain("\"site\":\"pharma-lyon-03\"").And.Contain(",128]");
        gateway.ErrorLines().Should().BeEmpty();
    }

    [Fact]
    public async Task Vitals_through_an_external_mosquitto_reach_influxdb_with_the_gateway_as_subscriber()
    {
        await using var broker = await MosquittoServer.StartAsync(new MosquittoConfig { Persistence = true });
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string>
        {
            ["Mqtt:Mode"] = "External",
            ["Mqtt:ExternalHost"] = broker.Host,
            ["Mqtt:ExternalPort"] = broker.Port.ToString(CultureInfo.InvariantCulture),
            ["Mqtt:ExternalClientId"] = "gw-test-" + Guid.NewGuid().ToString("N")[..8],
            ["Mqtt:SharedGroup"] = "telesante-gateways",
        });
        await StoredRecording.EventuallyAsync(gateway.HealthAsync, h => h.GetProperty("mqtt").GetProperty("up").GetBoolean(), TimeSpan.FromSeconds(10));

        var t = DateTimeOffset.UtcNow.AddSeconds(-10);
        for (ulong seq = 1; seq <= 5; seq++)
        {
            var time = t.AddSeconds(seq);
            await MosquittoClients.PublishAsync(broker.Port, "telesante/v1/ph-2/oxi-1/vitals",
                Vitals(seq, "ext-broker", time, Observation(150456, 90 + seq, "%", time) + "," + Observation(149530, 60 + seq, "/min", time)));
        }

        var observations = await StoredRecording.EventuallyAsync(() => StoredRecording.ObservationsAsync(gateway, "ext-broker"), o => o.Count == 10, TimeSpan.FromSeconds(20));
        observations.Should().HaveCount(10);
        observations.Where(o => o.GetProperty("mdcCode").GetUInt32() == 150456).Select(o => o.GetProperty("value").GetDouble())
            .Should().Equal(91, 92, 93, 94, 95);
        observations.Should().OnlyContain(o => o.GetProperty("unit").GetString() == "%" || o.GetProperty("unit").GetString() == "/min");
    }

    [Fact]
    public async Task Messages_published_while_the_gateway_is_down_are_delivered_by_the_external_broker_once_it_is_back()
    {
        await using var broker = await MosquittoServer.StartAsync(new MosquittoConfig { Persistence = true });
        var settings = new Dictionary<string, string>
        {
            ["Mqtt:Mode"] = "External",
            ["Mqtt:ExternalHost"] = broker.Host,
            ["Mqtt:ExternalPort"] = broker.Port.ToString(CultureInfo.InvariantCulture),
            ["Mqtt:ExternalClientId"] = "gw-persist-" + Guid.NewGuid().ToString("N")[..8],
        };
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, settings);
        await StoredRecording.EventuallyAsync(gateway.HealthAsync, h => h.GetProperty("mqtt").GetProperty("up").GetBoolean(), TimeSpan.FromSeconds(10));
        await gateway.KillAsync();

        var t = DateTimeOffset.UtcNow.AddSeconds(-10);
        for (ulong seq = 1; seq <= 3; seq++)
        {
            await MosquittoClients.PublishAsync(broker.Port, "telesante/v1/ph-2/thermo-1/vitals", Vitals(seq, "while-down", t.AddSeconds(seq), Observation(150364, 36.5 + (0.1 * seq), "Cel", t.AddSeconds(seq))));
        }

        await gateway.StartAgainAsync();
        var observations = await StoredRecording.EventuallyAsync(() => StoredRecording.ObservationsAsync(gateway, "while-down"), o => o.Count == 3, TimeSpan.FromSeconds(30));
        observations.Select(o => o.GetProperty("value").GetDouble()).Should().Equal(36.6, 36.7, 36.8);
    }

    [Fact]
    public async Task After_the_external_broker_restarts_the_gateway_resubscribes_and_nothing_published_is_lost()
    {
        await using var broker = await MosquittoServer.StartAsync(new MosquittoConfig { Persistence = true });
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string>
        {
            ["Mqtt:Mode"] = "External",
            ["Mqtt:ExternalHost"] = broker.Host,
            ["Mqtt:ExternalPort"] = broker.Port.ToString(CultureInfo.InvariantCulture),
            ["Mqtt:ExternalClientId"] = "gw-restart-" + Guid.NewGuid().ToString("N")[..8],
        });
        await StoredRecording.EventuallyAsync(gateway.HealthAsync, h => h.GetProperty("mqtt").GetProperty("up").GetBoolean(), TimeSpan.FromSeconds(10));
        var t = DateTimeOffset.UtcNow.AddSeconds(-30);
        string Reading(ulong seq) => Vitals(seq, "broker-restart", t.AddSeconds(seq), Observation(150456, 90 + seq, "%", t.AddSeconds(seq)));

        for (ulong seq = 1; seq <= 3; seq++)
        {
            await MosquittoClients.PublishAsync(broker.Port, "telesante/v1/ph-4/oxi-9/vitals", Reading(seq));
        }

        await broker.StopAsync();
        await broker.StartAgainAsync();
        // Published at once, before the gateway noticed: the broker keeps them for its persistent session.
        for (ulong seq = 4; seq <= 6; seq++)
        {
            await MosquittoClients.PublishAsync(broker.Port, "telesante/v1/ph-4/oxi-9/vitals", Reading(seq));
        }

        var observations = await StoredRecording.EventuallyAsync(() => StoredRecording.ObservationsAsync(gateway, "broker-restart"), o => o.Count == 6, TimeSpan.FromSeconds(30));
        observations.Select(o => o.GetProperty("value").GetDouble()).Should().Equal(91, 92, 93, 94, 95, 96);
        (await gateway.HealthAsync()).GetProperty("mqtt").GetProperty("up").GetBoolean().Should().BeTrue("the gateway resubscribed");
    }

    [Fact]
    public async Task An_mqtt5_client_is_told_why_a_publish_was_refused_and_the_refusal_is_kept_as_a_dead_letter()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", gateway.MqttPort).WithClientId("cuff-9").WithProtocolVersion(MqttProtocolVersion.V500).Build());
        var t = DateTimeOffset.UtcNow;

        async Task<MqttClientPublishResult> Publish(string topic, string payload) => await client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

        var outOfRange = await Publish("telesante/v1/ph-9/cuff-9/vitals", Vitals(1, "refusals", t, Observation(150021, 412, "mm[Hg]", t)));
        outOfRange.ReasonCode.Should().Be(MqttClientPublishReasonCode.ImplementationSpecificError);
        outOfRange.ReasonString.Should().Contain("412").And.Contain("40..300");

        var wrongUnit = await Publish("telesante/v1/ph-9/cuff-9/vitals", Vitals(2, "refusals", t, Observation(150364, 98.6, "mm[Hg]", t)));
        wrongUnit.ReasonCode.Should().Be(MqttClientPublishReasonCode.ImplementationSpecificError);
        wrongUnit.ReasonString.Should().Contain("unit 'mm[Hg]' is not accepted for MDC_TEMP_BODY");

        var notJson = await Publish("telesante/v1/ph-9/cuff-9/vitals", "{\"seq\": 3, \"sessionId\": ");
        notJson.ReasonCode.Should().Be(MqttClientPublishReasonCode.PayloadFormatInvalid);

        var notProtobuf = await Publish("telesante/v1/ph-9/cuff-9/batch", "\u0008\u00ff\u00ff\u00ff garbage");
        notProtobuf.ReasonCode.Should().Be(MqttClientPublishReasonCode.PayloadFormatInvalid);

        var badTopic = await Publish("telesante/v1/ph-9/cuff-9/nonsense", "{}");
        badTopic.ReasonCode.Should().Be(MqttClientPublishReasonCode.TopicNameInvalid);

        var good = await Publish("telesante/v1/ph-9/cuff-9/vitals", Vitals(4, "refusals", t, Observation(150021, 121, "mm[Hg]", t)));
        good.ReasonCode.Should().Be(MqttClientPublishReasonCode.Success, "the connection stays usable after refusals");

        var letters = await StoredRecording.DeadLettersAsync(gateway);
        letters.Select(l => l.GetProperty("reason").GetString()).Should().BeEquivalentTo(new[] { "OutOfRange", "UnitMismatch", "Malformed", "Malformed", "BadIdentity" });
        var outOfRangeLetter = letters.Single(l => l.GetProperty("reason").GetString() == "OutOfRange");
        System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(outOfRangeLetter.GetProperty("payload").GetString()!)).Should().Contain("412", "the payload is kept as received");
        var stored = await StoredRecording.EventuallyAsync(() => StoredRecording.ObservationsAsync(gateway, "refusals"), o => o.Count > 0, TimeSpan.FromSeconds(10));
        stored.Should().ContainSingle(o => o.GetProperty("value").GetDouble() == 121, "only the valid reading is stored");
    }

    [Fact]
    public async Task An_mqtt311_device_is_told_of_a_refusal_on_its_result_topic()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        await using var subscriber = await MosquittoClients.SubscribeAsync(gateway.MqttPort, "telesante/v1/ph-3/gluco-1/result");
        var t = DateTimeOffset.UtcNow;
        await MosquittoClients.PublishAsync(gateway.MqttPort, "telesante/v1/ph-3/gluco-1/vitals", Vitals(1, "v311", t, Observation(160196, 5.5, "mg/L", t)));

        var line = await subscriber.WaitForOutputAsync(l => l.Contains("UnitMismatch", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        var json = JsonDocument.Parse(line[(line.IndexOf('{'))..]).RootElement;
        json.GetProperty("seq").GetUInt64().Should().Be(1);
        json.GetProperty("outcome").GetString().Should().Be("rejected");
        json.GetProperty("retryable").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task A_refusal_notice_longer_than_the_connection_write_buffer_arrives_whole()
    {
        // Issue 14: the per-connection write buffer is small by default (Mqtt:WriterBufferBytes); a longer packet
        // grows it for that packet. 128 bytes is far below this notice.
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string> { ["Mqtt:WriterBufferBytes"] = "128" });
        await using var subscriber = await MosquittoClients.SubscribeAsync(gateway.MqttPort, "telesante/v1/ph-3/gluco-2/result");
        var t = DateTimeOffset.UtcNow;
        await MosquittoClients.PublishAsync(gateway.MqttPort, "telesante/v1/ph-3/gluco-2/vitals", Vitals(7, "small-buffer", t, Observation(160196, 5.5, "mg/L", t)));

        var line = await subscriber.WaitForOutputAsync(l => l.Contains("UnitMismatch", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        var notice = line[line.IndexOf('{')..];
        notice.Length.Should().BeGreaterThan(128);
        var json = JsonDocument.Parse(notice).RootElement;
        json.GetProperty("seq").GetUInt64().Should().Be(7);
        json.GetProperty("detail").GetString().Should().Contain("mg/L");
    }

    [Fact]
    public async Task A_message_over_the_size_limit_is_refused_as_too_large_before_it_is_parsed()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        var t = DateTimeOffset.UtcNow;
        // 10 MB: a valid start, then a member the parser would refuse as malformed if it ever read that far.
        var path = Path.Combine(gateway.DataDirectory, "big.json");
        var head = Vitals(1, "too-large", t, Observation(150021, 120, "mm[Hg]", t)).TrimEnd('}');
        await File.WriteAllTextAsync(path, head + ",\"padding\":\"" + new string('x', 10 * 1024 * 1024) + "\"}");

        var output = await MosquittoClients.PublishFileAsync(gateway.MqttPort, "telesante/v1/ph-9/cuff-big/vitals", path, protocol: "mqttv5");
        output.Should().Contain("RC:131").And.Contain("Validation:MaxBatchBytes");
        var letter = (await StoredRecording.DeadLettersAsync(gateway)).Single();
        letter.GetProperty("reason").GetString().Should().Be("TooLarge");
        letter.GetProperty("detail").GetString().Should().Contain("exceeds the limit of 1048576 bytes");
    }

    [Fact]
    public async Task Dead_letters_and_notices_of_unparsable_json_keep_the_seq_when_it_is_readable()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        await using var subscriber = await MosquittoClients.SubscribeAsync(gateway.MqttPort, "telesante/v1/ph-5/oxi-5/result");
        await MosquittoClients.PublishAsync(gateway.MqttPort, "telesante/v1/ph-5/oxi-5/vitals", "{\"seq\": 31, \"sessionId\": ");

        var line = await subscriber.WaitForOutputAsync(l => l.Contains("Malformed", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        JsonDocument.Parse(line[line.IndexOf('{')..]).RootElement.GetProperty("seq").GetUInt64().Should().Be(31);
        var letter = (await StoredRecording.DeadLettersAsync(gateway)).Single();
        letter.GetProperty("reason").GetString().Should().Be("Malformed");
        letter.GetProperty("seq").UInt64().Should().Be(31);
    }

    private static void Expect(JsonElement observation, double value, string unit, string loinc)
    {
        observation.GetProperty("value").GetDouble().Should().Be(value);
        observation.GetProperty("unit").GetString().Should().Be(unit);
        observation.GetProperty("loinc").GetString().Should().Be(loinc);
    }
}
