using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using TeleSante.Contracts.V1;
using TeleSante.Gateway.Clinical.Tests.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.Gateway.Clinical.Tests;

/// <summary>A session belongs to one site (issue 9): another site's device cannot write into it, over any transport.</summary>
public sealed class SessionSiteTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    private static List<ReadingBatch> Ecg(string device, string site, string session, int count, ulong firstSeq = 1)
    {
        var batches = TestEcg.Batches(TestEcg.Recorder(device, session, TestEcg.NowNs() - 30_000_000_000, leads: 1, firstSeq: firstSeq), count);
        batches.ForEach(b => b.SiteId = site);
        return batches;
    }

    private static async Task<List<JsonElement>> AuditAsync(GatewayProcess gateway, string actor) =>
        [.. (await gateway.Admin.GetFromJsonAsync<JsonElement>("/api/admin/audit?limit=1000&actor=" + actor)).EnumerateArray()];

    [Fact]
    public async Task Another_sites_device_cannot_write_into_a_session_over_grpc_even_after_a_restart()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        (await IngestStream.SendAllAsync(gateway.Grpc, Ecg("ecg-site-a", "site-a", "owned-by-a", 2))).Should().OnlyContain(r => r.Ack != null);

        var intruder = Ecg("ecg-site-c", "site-c", "owned-by-a", 1, firstSeq: 41);
        var refused = (await IngestStream.SendAllAsync(gateway.Grpc, intruder)).Single();
        refused.Rejection.Should().NotBeNull();
        refused.Rejection.Reason.Should().Be(RejectReason.SessionSiteMismatch);
        refused.Rejection.Detail.Should().Contain("site-a").And.Contain("site-c");
        refused.Rejection.Retryable.Should().BeFalse();

        var letter = (await StoredRecording.DeadLettersAsync(gateway)).Single();
        letter.GetProperty("reason").GetString().Should().Be("SessionSiteMismatch");
        letter.GetProperty("seq").UInt64().Should().Be(41);
        (await AuditAsync(gateway, "ecg-site-c")).Should().ContainSingle(e => e.GetProperty("action").GetString() == "batch.submit"
            && e.GetProperty("resource").GetString() == "session/owned-by-a" && e.GetProperty("outcome").GetString() == "denied");

        // Site C's operator therefore never gets to read site A's session.
        using var operatorC = new HttpClient { BaseAddress = gateway.Http.BaseAddress };
        operatorC.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await gateway.DevTokenAsync("pharmacist-c", "site-operator", "site-c"));
        (await operatorC.GetAsync("/api/sessions/owned-by-a/observations")).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        // Ownership is on disk before the first batch is acknowledged: a crash right after changes nothing.
        (await IngestStream.SendAllAsync(gateway.Grpc, Ecg("ecg-site-a", "site-a", "claimed-before-crash", 1, firstSeq: 10))).Single().Ack.Should().NotBeNull();
        await gateway.KillAsync();
        await gateway.StartAgainAsync();
        (await IngestStream.SendAllAsync(gateway.Grpc, Ecg("ecg-site-c", "site-c", "owned-by-a", 1, firstSeq: 42))).Single().Rejection.Reason.Should().Be(RejectReason.SessionSiteMismatch);
        (await IngestStream.SendAllAsync(gateway.Grpc, Ecg("ecg-site-c", "site-c", "claimed-before-crash", 1, firstSeq: 43))).Single().Rejection.Reason.Should().Be(RejectReason.SessionSiteMismatch);
        (await IngestStream.SendAllAsync(gateway.Grpc, Ecg("ecg-site-a", "site-a", "owned-by-a", 1, firstSeq: 3))).Single().Ack.Should().NotBeNull("the owner still writes");
    }

    [Fact]
    public async Task Two_sites_racing_for_a_new_session_get_one_owner()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        const int sessions = 16;
        var racers = Enumerable.Range(0, sessions).SelectMany(i => new[]
        {
            IngestStream.SendAllAsync(gateway.Grpc, Ecg("race-a-" + i, "site-a", "race-" + i, 1)),
            IngestStream.SendAllAsync(gateway.Grpc, Ecg("race-c-" + i, "site-c", "race-" + i, 1)),
        }).ToList();
        var answers = await Task.WhenAll(racers);

        for (var i = 0; i < sessions; i++)
        {
            var pair = new[] { answers[2 * i].Single(), answers[(2 * i) + 1].Single() };
            pair.Count(r => r.Ack != null).Should().Be(1, $"session race-{i.ToString(CultureInfo.InvariantCulture)} belongs to one site");
            pair.Single(r => r.Ack == null).Rejection.Reason.Should().Be(RejectReason.SessionSiteMismatch);
        }
    }

    [Fact]
    public async Task Another_sites_device_cannot_write_into_a_session_over_mqtt()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string> { ["Security:DeviceAuthentication"] = "true" });
        var tokenA = await gateway.RegisterDeviceAsync("cuff-site-a", "bp-cuff", "site-a");
        var tokenC = await gateway.RegisterDeviceAsync("cuff-site-c", "bp-cuff", "site-c");
        var t = DateTimeOffset.UtcNow.AddSeconds(-5).ToString("O", CultureInfo.InvariantCulture);
        string Reading(ulong seq) => $$"""{"seq":{{seq}},"sessionId":"mqtt-owned","deviceTime":"{{t}}","observations":[{"mdc":150021,"value":120,"unit":"mm[Hg]","time":"{{t}}"}]}""";

        (await MosquittoClients.PublishAsync(gateway.MqttPort, "telesante/v1/site-a/cuff-site-a/vitals", Reading(1), username: "cuff-site-a", password: tokenA, protocol: "mqttv5"))
            .Should().Contain("RC:0");
        var intruder = await MosquittoClients.PublishAsync(gateway.MqttPort, "telesante/v1/site-c/cuff-site-c/vitals", Reading(5), username: "cuff-site-c", password: tokenC, protocol: "mqttv5");
        intruder.Should().Contain("RC:135").And.Contain("belongs to site 'site-a'");

        var letter = (await StoredRecording.DeadLettersAsync(gateway)).Single();
        letter.GetProperty("reason").GetString().Should().Be("SessionSiteMismatch");
        letter.GetProperty("seq").UInt64().Should().Be(5);
        var stored = await StoredRecording.EventuallyAsync(() => StoredRecording.ObservationsAsync(gateway, "mqtt-owned"), o => o.Count >= 1, TimeSpan.FromSeconds(10));
        stored.Should().ContainSingle().Which.GetProperty("deviceId").GetString().Should().Be("cuff-site-a");
    }
}
