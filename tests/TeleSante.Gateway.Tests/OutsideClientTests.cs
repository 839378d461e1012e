using System.Globalization;
using System.Text.Json;
using TeleSante.Testing;

namespace TeleSante.Gateway.Tests;

/// <summary>
/// The gateway driven by clients nobody here wrote, built only from what the repository publishes:
/// @grpc/grpc-js loading protos/ at run time, and MQTT.js speaking MQTT 5 and 3.1.1 (issue 9 was found
/// with exactly these clients).
/// </summary>
public sealed class OutsideClientTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    private static readonly Dictionary<string, string> Secure = new() { ["Security:DeviceAuthentication"] = "true" };
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(60);

    private static object Spo2Batch(string device, string site, string session, string seq)
    {
        var ns = ((DateTimeOffset.UtcNow.AddSeconds(-2).UtcTicks - DateTime.UnixEpoch.Ticks) * 100).ToString(CultureInfo.InvariantCulture);
        return new
        {
            device_id = device, site_id = site, session_id = session, seq, device_time_ns = ns,
            observations = new[] { new { mdc_code = 150456, value = 97.0, unit = "%", time_ns = ns } },
        };
    }

    private static string Outcome(JsonElement line) =>
        line.TryGetProperty("error", out var error) ? "error " + error.GetString()
        : line.GetProperty("result").GetProperty("outcome").GetString() == "ack"
            ? (line.GetProperty("result").GetProperty("ack").GetProperty("duplicate").GetBoolean() ? "duplicate" : "ack")
            : line.GetProperty("result").GetProperty("rejection").GetProperty("reason").GetString()!;

    [Fact]
    public async Task A_grpc_js_device_built_from_the_published_protos_is_acknowledged_and_refused_with_typed_reasons()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, Secure);
        var tokenA = await gateway.RegisterDeviceAsync("js-ecg-a", "oximeter", "site-a");
        var tokenC = await gateway.RegisterDeviceAsync("js-ecg-c", "oximeter", "site-c");

        var lines = await NodeScript.RunAsync("tests/TeleSante.Gateway.Tests/OutsideClients/grpc-ingest.cjs", new
        {
            port = gateway.GrpcPort,
            protoDir = Path.Combine(RepositoryPaths.Root, "protos"),
            devices = new object[]
            {
                new
                {
                    id = "js-ecg-a", token = tokenA,
                    batches = new[]
                    {
                        Spo2Batch("js-ecg-a", "site-a", "js-cons-a", "1"),
                        Spo2Batch("js-ecg-a", "site-a", "js-cons-a", "1"),
                        Spo2Batch("js-ecg-a", "site-a", "..", "2"),
                        Spo2Batch("js-ecg-a", "site-a", "js-cons-a", "18446744073709551615"),
                        Spo2Batch("js-ecg-a", "site-a", "js-cons-a", "3"),
                    },
                },
                new { id = "js-ecg-c", token = tokenC, batches = new[] { Spo2Batch("js-ecg-c", "site-c", "js-cons-a", "1") } },
                new { id = "js-ecg-c", token = "forged", batches = new[] { Spo2Batch("js-ecg-c", "site-c", "js-cons-c", "2") } },
            },
        }, NodeTimeout);

        // The resend of seq 1 is in flight beside its original (both wait for the new session's claim): one of
        // the two is stored and the other answered as its duplicate, in either order; the device cannot tell.
        lines.Take(2).Select(Outcome).Should().BeEquivalentTo(["ack", "duplicate"]);
        lines.Skip(2).Select(Outcome).Should().Equal(
            "REJECT_REASON_BAD_IDENTITY",
            "REJECT_REASON_SEQUENCE_JUMP",
            "ack",
            "REJECT_REASON_SESSION_SITE_MISMATCH",
            "error UNAUTHENTICATED");
        lines[1].GetProperty("result").GetProperty("seq").GetString().Should().Be("1", "the answer names the batch (uint64 as a string in grpc-js)");
        lines[4].GetProperty("result").GetProperty("seq").GetString().Should().Be("3", "one absurd seq did not brick the device");
        lines[5].GetProperty("result").GetProperty("rejection").GetProperty("detail").GetString().Should().Contain("site-a");
    }

    [Fact]
    public async Task An_mqtt_js_device_may_only_use_its_own_topics_in_mqtt_5_and_3_1_1()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, Secure);
        var token = await gateway.RegisterDeviceAsync("js-cuff-c", "bp-cuff", "site-c");
        var t = DateTimeOffset.UtcNow.AddSeconds(-5).ToString("O", CultureInfo.InvariantCulture);
        string Reading(int seq, string body) => $$"""{"seq":{{seq}},"sessionId":"js-cons-c","deviceTime":"{{t}}","observations":[{{body}}]}""";
        const string Own = "telesante/v1/site-c/js-cuff-c";

        var v5 = await NodeScript.RunAsync("tests/TeleSante.Gateway.Tests/OutsideClients/mqtt-device.cjs", new
        {
            port = gateway.MqttPort, protocolVersion = 5, clientId = "js-cuff-c-5", username = "js-cuff-c", password = token,
            steps = new object[]
            {
                new { @do = "subscribe", topic = "#" },
                new { @do = "subscribe", topic = "$SYS/#" },
                new { @do = "subscribe", topic = "telesante/v1/+/+/result" },
                new { @do = "subscribe", topic = Own + "/result" },
                new { @do = "publish", topic = "telesante/v1/site-a/cuff-a/result", payload = """{"seq":1,"outcome":"ack"}""", retain = true },
                new { @do = "publish", topic = "elsewhere/relay", payload = "hello" },
                new { @do = "publish", topic = Own + "/vitals", payload = Reading(1, """{"mdc":150021,"value":121,"unit":"mm[Hg]","time":"T"}""".Replace("T", t, StringComparison.Ordinal)) },
                new { @do = "publish", topic = Own + "/vitals", payload = Reading(2, """{"mdc":150021,"value":121,"value":180,"unit":"mm[Hg]","time":"T"}""".Replace("T", t, StringComparison.Ordinal)) },
                new { @do = "await-message", contains = "\"seq\":2" },
            },
        }, NodeTimeout);

        v5[0].GetProperty("codes").EnumerateArray().Select(c => c.GetInt32()).Should().Equal(0x87);
        v5[1].GetProperty("codes").EnumerateArray().Select(c => c.GetInt32()).Should().Equal(0x87);
        v5[2].GetProperty("codes").EnumerateArray().Select(c => c.GetInt32()).Should().Equal(0x87);
        v5[3].GetProperty("codes").EnumerateArray().Select(c => c.GetInt32()).Should().Equal(new[] { 1 }, "its own result topic, QoS 1");
        v5[4].GetProperty("reasonCode").GetInt32().Should().Be(0x87, "another device's result topic, retained: NotAuthorized");
        v5[5].GetProperty("reasonCode").GetInt32().Should().Be(0x87, "no relaying of arbitrary topics");
        v5[6].GetProperty("reasonCode").GetInt32().Should().Be(0, "its own reading is stored and acknowledged");
        v5[7].GetProperty("reasonCode").GetInt32().Should().BeGreaterThanOrEqualTo(0x80, "a duplicate member is refused");
        v5[8].GetProperty("found").GetBoolean().Should().BeTrue("the refusal notice reaches the sender's own result topic");
        var received = v5[9].GetProperty("messages").EnumerateArray().ToList();
        received.Should().OnlyContain(m => m.GetProperty("topic").GetString() == Own + "/result", "a device hears only its own notices");
        received.Should().ContainSingle(m => m.GetProperty("payload").GetString()!.Contains("Malformed", StringComparison.Ordinal)
            && m.GetProperty("payload").GetString()!.Contains("value", StringComparison.Ordinal));

        var v311 = await NodeScript.RunAsync("tests/TeleSante.Gateway.Tests/OutsideClients/mqtt-device.cjs", new
        {
            port = gateway.MqttPort, protocolVersion = 4, clientId = "js-cuff-c-4", username = "js-cuff-c", password = token,
            steps = new object[]
            {
                new { @do = "subscribe", topic = "#" },
                new { @do = "subscribe", topic = Own + "/result" },
            },
        }, NodeTimeout);

        v311[0].GetProperty("codes").EnumerateArray().Select(c => c.GetInt32()).Should().Equal(new[] { 0x80 }, "MQTT 3.1.1: SUBACK failure");
        v311[1].GetProperty("codes").EnumerateArray().Select(c => c.GetInt32()).Should().Equal(1);
    }

    [Fact]
    public async Task An_mqtt_js_5_device_is_told_a_small_topic_alias_maximum_and_its_aliased_readings_are_stored()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, Secure);
        var token = await gateway.RegisterDeviceAsync("js-oxi-alias", "oximeter", "site-c");
        var start = DateTimeOffset.UtcNow.AddSeconds(-5);
        string Reading(int seq)
        {
            var t = start.AddSeconds(seq).ToString("O", CultureInfo.InvariantCulture);
            return $$"""{"seq":{{seq}},"sessionId":"js-alias","deviceTime":"{{t}}","observations":[{"mdc":150456,"value":{{90 + seq}},"unit":"%","time":"{{t}}"}]}""";
        }

        const string Own = "telesante/v1/site-c/js-oxi-alias/vitals";

        var lines = await NodeScript.RunAsync("tests/TeleSante.Gateway.Tests/OutsideClients/mqtt-device.cjs", new
        {
            port = gateway.MqttPort, protocolVersion = 5, clientId = "js-oxi-alias", username = "js-oxi-alias", password = token,
            steps = new object[]
            {
                new { @do = "connack" },
                new { @do = "publish", topic = Own, payload = Reading(1), topicAlias = 2 },
                new { @do = "publish", topic = "", payload = Reading(2), topicAlias = 2 },
            },
        }, NodeTimeout);

        // MQTT.js sizes its alias table from this number (issue 14: 65,535 entries per connection before).
        lines[0].GetProperty("properties").GetProperty("topicAliasMaximum").GetInt32().Should().Be(16);
        lines[1].GetProperty("reasonCode").GetInt32().Should().Be(0, "the alias is set with its topic");
        lines[2].GetProperty("reasonCode").GetInt32().Should().Be(0, "the alias alone names the topic");
        var stored = await StoredRecording.EventuallyAsync(() => StoredRecording.ObservationsAsync(gateway, "js-alias"), o => o.Count == 2, TimeSpan.FromSeconds(20));
        stored.Select(o => o.GetProperty("value").GetDouble()).Should().Equal(91, 92);
    }
}
