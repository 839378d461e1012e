using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;
using TeleSante.Gateway.Tests.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.Gateway.Tests;

/// <summary>Issue 9 against the real gateway: device times nanoseconds cannot hold, duplicate JSON
/// members, ids that cannot be served back, a corrupted seq, and the dead-letter store's bounds.</summary>
public sealed class IntegrityTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    private static string Iso(DateTimeOffset t) => t.ToString("O", CultureInfo.InvariantCulture);

    private static ReadingBatch Spo2(string device, string session, ulong seq, ulong epoch = 0)
    {
        var now = TestEcg.NowNs() - 1_000_000_000;
        var batch = new ReadingBatch { DeviceId = device, SiteId = "test-pharmacy", SessionId = session, Seq = seq, SeqEpoch = epoch, DeviceTimeNs = now };
        batch.Observations.Add(new Observation { MdcCode = CodeCatalog.SpO2, Value = 97, Unit = "%", TimeNs = now });
        return batch;
    }

    private static RejectReason Outcome(BatchResult answer) => answer.Ack is not null ? RejectReason.Unspecified : answer.Rejection.Reason;

    [Fact]
    public async Task Mqtt_json_with_a_time_nanoseconds_cannot_hold_or_a_duplicate_member_is_refused_with_its_typed_reason()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        var t = DateTimeOffset.UtcNow.AddSeconds(-20);
        string Doc(ulong seq, string deviceTime, string extra = "") =>
            $$"""{"seq":{{seq}},"sessionId":"integrity-json"{{extra}},"deviceTime":"{{deviceTime}}","observations":[{"mdc":150456,"value":97,"unit":"%","time":"{{Iso(t)}}"}]}""";
        const string Topic = "telesante/v1/test-pharmacy/oxi-integrity/vitals";

        await MosquittoClients.PublishAsync(gateway.MqttPort, Topic, Doc(1, "2611-06-23T08:24:27Z"));
        await MosquittoClients.PublishAsync(gateway.MqttPort, Topic, Doc(2, "0001-01-01T00:00:00Z"));
        await MosquittoClients.PublishAsync(gateway.MqttPort, Topic, Doc(3, Iso(t), ",\"sessionId\":\"someone-else\""));
        await MosquittoClients.PublishAsync(gateway.MqttPort, Topic, Doc(4, Iso(t)).Replace("\"value\":97", "\"value\":97,\"value\":55", StringComparison.Ordinal));
        await MosquittoClients.PublishAsync(gateway.MqttPort, Topic, Doc(5, Iso(t)));

        var letters = await StoredRecording.EventuallyAsync(() => StoredRecording.DeadLettersAsync(gateway, "oxi-integrity"), l => l.Count == 4, TimeSpan.FromSeconds(20));
        var byDetail = letters.OrderBy(l => l.GetProperty("id").Int64()).Select(l => (Reason: l.GetProperty("reason").GetString(), Detail: l.GetProperty("detail").GetString()!)).ToList();
        byDetail[0].Reason.Should().Be("BadTimestamp");
        byDetail[0].Detail.Should().Contain("deviceTime").And.Contain("2611-06-23").And.Contain("int64 nanoseconds");
        byDetail[1].Reason.Should().Be("BadTimestamp");
        byDetail[1].Detail.Should().Contain("0001-01-01");
        byDetail[2].Reason.Should().Be("Malformed");
        byDetail[2].Detail.Should().Contain("'sessionId' appears more than once");
        byDetail[3].Reason.Should().Be("Malformed");
        byDetail[3].Detail.Should().Contain("observations[0]: member 'value' appears more than once");

        var stored = await StoredRecording.EventuallyAsync(() => StoredRecording.ObservationsAsync(gateway, "integrity-json"), o => o.Count >= 1, TimeSpan.FromSeconds(20));
        stored.Should().ContainSingle("only the valid document is stored").Which.GetProperty("value").GetDouble().Should().Be(97);
        (await StoredRecording.ObservationsAsync(gateway, "someone-else")).Should().BeEmpty("the last duplicate must not win");
        gateway.ErrorLines().Should().BeEmpty();
    }

    [Fact]
    public async Task An_id_that_a_url_cannot_serve_back_is_refused_on_grpc_mqtt_and_the_admin_api()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        var answers = await IngestStream.SendAllAsync(gateway.Grpc, [Spo2("oxi-ids", "..", 1), Spo2("oxi-ids", ".hidden", 2), Spo2("oxi-ids", "ok-session", 3)]);
        answers.Select(Outcome).Should().Equal(RejectReason.BadIdentity, RejectReason.BadIdentity, RejectReason.Unspecified);
        answers[0].Rejection.Detail.Should().Contain("session_id '..'").And.Contain("starting with a letter or digit");

        var t = Iso(DateTimeOffset.UtcNow.AddSeconds(-5));
        await MosquittoClients.PublishAsync(gateway.MqttPort, "telesante/v1/test-pharmacy/oxi-ids/vitals",
            $$"""{"seq":4,"sessionId":"..","deviceTime":"{{t}}","observations":[{"mdc":150456,"value":97,"unit":"%","time":"{{t}}"}]}""");
        var letters = await StoredRecording.EventuallyAsync(() => StoredRecording.DeadLettersAsync(gateway, "oxi-ids"), l => l.Count == 3, TimeSpan.FromSeconds(20));
        letters.Should().OnlyContain(l => l.GetProperty("reason").GetString() == "BadIdentity");

        using (var register = await gateway.Admin.PostAsJsonAsync("/api/admin/devices", new { id = "-oxi", kind = "oximeter", site = "test-pharmacy" }))
        {
            register.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await register.Content.ReadAsStringAsync()).Should().Contain("id '-oxi'");
        }

        using (var assign = await gateway.Admin.PostAsJsonAsync("/api/admin/assignments", new { sessionId = "..", practitionerId = "dr-x" }))
        {
            assign.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        }

        using (var assign = await gateway.Admin.PostAsJsonAsync("/api/admin/assignments", new { sessionId = "ok-session", practitionerId = "a..b" }))
        {
            assign.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await assign.Content.ReadAsStringAsync()).Should().Contain("practitionerId 'a..b'");
        }

        gateway.ErrorLines().Should().BeEmpty();
    }

    [Fact]
    public async Task A_practitioner_asking_for_times_the_store_cannot_hold_or_a_malformed_session_id_is_told_so_not_served_another_range()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        await gateway.AssignAsync("cons-range");

        foreach (var path in new[]
        {
            "/api/sessions/cons-range/observations?from=0001-01-01T00:00:00Z",
            "/api/sessions/cons-range/waveforms?from=2026-01-01T00:00:00Z&to=2611-06-23T08:24:27Z",
            "/api/sessions/cons-range/events?to=9999-12-31T23:59:59Z",
        })
        {
            using var answer = await gateway.Http.GetAsync(path);
            answer.StatusCode.Should().Be(HttpStatusCode.BadRequest, path);
            (await answer.Content.ReadAsStringAsync()).Should().Contain("outside the times the store can hold", path);
        }

        foreach (var session in new[] { ".hidden", "-flag", "a..b" })
        {
            using var list = await gateway.Http.GetAsync($"/api/sessions/{session}/images");
            list.StatusCode.Should().Be(HttpStatusCode.BadRequest, $"'{session}' is not a session id");
            using var one = await gateway.Http.GetAsync($"/api/sessions/{session}/images/1");
            one.StatusCode.Should().Be(HttpStatusCode.BadRequest, $"'{session}' is not a session id");
        }
    }

    [Fact]
    public async Task One_corrupted_seq_does_not_brick_a_device_even_across_gateway_restarts()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);

        // A device with history: the corrupted value is refused, its ordinary numbering carries on.
        var first = await IngestStream.SendAllAsync(gateway.Grpc, [Spo2("oxi-seq", "seq-session", 1), Spo2("oxi-seq", "seq-session", ulong.MaxValue), Spo2("oxi-seq", "seq-session", 2)]);
        first.Select(Outcome).Should().Equal(RejectReason.Unspecified, RejectReason.SequenceJump, RejectReason.Unspecified);
        first[1].Rejection.Detail.Should().Contain("Ingestion:MaxSequenceJump").And.Contain("seq_epoch");
        first[1].Rejection.Retryable.Should().BeFalse();

        // A device whose very first seq was corrupted (nothing to compare it with) restarts its numbering.
        (await IngestStream.SendAllAsync(gateway.Grpc, [Spo2("oxi-fresh", "seq-session", ulong.MaxValue)])).Select(Outcome).Should().Equal(RejectReason.Unspecified);
        (await IngestStream.SendAllAsync(gateway.Grpc, [Spo2("oxi-fresh", "seq-session", 5)])).Select(Outcome).Should().Equal(RejectReason.StaleSequence);
        (await IngestStream.SendAllAsync(gateway.Grpc, [Spo2("oxi-fresh", "seq-session", 1, epoch: 1)])).Select(Outcome).Should().Equal(RejectReason.Unspecified);

        // Across a kill: the state comes back from the write-ahead log.
        await gateway.KillAsync();
        await gateway.StartAgainAsync();
        var afterKill = await IngestStream.SendAllAsync(gateway.Grpc,
        [
            Spo2("oxi-seq", "seq-session", 2), Spo2("oxi-seq", "seq-session", ulong.MaxValue), Spo2("oxi-seq", "seq-session", 3),
            Spo2("oxi-fresh", "seq-session", 1, epoch: 1), Spo2("oxi-fresh", "seq-session", 2, epoch: 1), Spo2("oxi-fresh", "seq-session", 6),
        ]);
        afterKill.Select(Outcome).Should().Equal(
            RejectReason.Unspecified, RejectReason.SequenceJump, RejectReason.Unspecified,
            RejectReason.Unspecified, RejectReason.Unspecified, RejectReason.StaleSequence);
        afterKill[0].Ack.Duplicate.Should().BeTrue();
        afterKill[3].Ack.Duplicate.Should().BeTrue();
        afterKill[5].Rejection.Detail.Should().Contain("seq_epoch 0 of oxi-fresh was replaced by seq_epoch 1");

        // Across a restart from the deduplication snapshot (written at the forwarder's checkpoint).
        var snapshot = Path.Combine(gateway.DataDirectory, "dedup.snapshot");
        var accepted = DateTime.UtcNow;
        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(30));
        await StoredRecording.EventuallyAsync(() => Task.FromResult(File.Exists(snapshot) && File.GetLastWriteTimeUtc(snapshot) > accepted), written => written, TimeSpan.FromSeconds(20));
        await gateway.KillAsync();
        await gateway.StartAgainAsync();
        var afterSnapshot = await IngestStream.SendAllAsync(gateway.Grpc,
            [Spo2("oxi-seq", "seq-session", ulong.MaxValue - 1), Spo2("oxi-seq", "seq-session", 4), Spo2("oxi-fresh", "seq-session", 3, epoch: 1)]);
        afterSnapshot.Select(Outcome).Should().Equal(RejectReason.SequenceJump, RejectReason.Unspecified, RejectReason.Unspecified);
        afterSnapshot.Skip(1).Should().OnlyContain(a => !a.Ack.Duplicate);
        gateway.ErrorLines().Should().BeEmpty();
    }

    [Fact]
    public async Task Dead_letters_keep_a_bounded_prefix_of_oversized_input_and_retention_deletes_the_oldest_first_with_a_record()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string>
        {
            ["DeadLetters:MaxPayloadBytes"] = "65536",
            ["DeadLetters:MaxTotalBytes"] = "1048576",
            ["DeadLetters:PurgeInterval"] = "00:00:01",
        });

        // 2 MB of garbage on a vitals topic (mosquitto_pub -f: too long for a command-line argument).
        var garbage = new byte[2_000_000];
        new Random(9).NextBytes(garbage);
        var file = Path.Combine(gateway.DataDirectory, "garbage.bin");
        await File.WriteAllBytesAsync(file, garbage);
        await using (var pub = ExternalProcess.Start("mosquitto_pub", ["-h", "127.0.0.1", "-p", gateway.MqttPort.ToString(CultureInfo.InvariantCulture), "-i", "pub-garbage", "-q", "1", "-t", "telesante/v1/test-pharmacy/oxi-garbage/vitals", "-f", file]))
        {
            (await pub.WaitForExitAsync(TimeSpan.FromSeconds(30))).Should().Be(0, pub.RecentOutput);
        }

        var letter = (await StoredRecording.EventuallyAsync(() => StoredRecording.DeadLettersAsync(gateway, "oxi-garbage"), l => l.Count == 1, TimeSpan.FromSeconds(20))).Single();
        letter.GetProperty("originalSize").Int64().Should().Be(2_000_000);
        letter.GetProperty("payloadTruncated").GetBoolean().Should().BeTrue();
        Convert.FromBase64String(letter.GetProperty("payload").GetString()!).Should().Equal(garbage.Take(65536), "the first bytes are kept as evidence");

        // A flood: 20 refused batches of about 70 KB (an unknown lead code), each kept as 64 KiB: 1.3 MiB > 1 MiB.
        var recorder = TestEcg.Recorder("ecg-flood", "flood-session", TestEcg.NowNs() - 20_000_000_000, leads: 12, chunkSamples: 2000);
        var random = new Random(3);
        var flood = Enumerable.Range(0, 20).Select(_ =>
        {
            var batch = recorder.NextBatch();
            foreach (var channel in batch.Waveforms[0].Channels)
            {
                for (var i = 0; i < channel.Samples.Count; i++)
                {
                    channel.Samples[i] = random.Next(-40_000, 40_000);
                }
            }

            batch.Waveforms[0].Channels[0].MdcCode = 131999;
            return batch;
        }).ToList();
        flood[0].CalculateSize().Should().BeGreaterThan(65536);
        (await IngestStream.SendAllAsync(gateway.Grpc, flood)).Should().OnlyContain(a => a.Rejection.Reason == RejectReason.UnknownCode);

        var summary = await StoredRecording.EventuallyAsync(
            () => gateway.Admin.GetFromJsonAsync<JsonElement>("/api/dead-letters/summary"),
            s => s.GetProperty("purgedLetters").Int64() > 0 && s.GetProperty("storedBytes").Int64() <= 1048576,
            TimeSpan.FromSeconds(20));
        summary.GetProperty("storedBytes").Int64().Should().BeLessThanOrEqualTo(1048576);
        var purges = summary.GetProperty("recentPurges").EnumerateArray().ToList();
        purges.Should().NotBeEmpty().And.OnlyContain(p => p.GetProperty("cause").GetString() == "size");
        purges.Sum(p => p.GetProperty("letters").Int64()).Should().Be(summary.GetProperty("purgedLetters").Int64());
        purges.Select(p => p.GetProperty("deviceId").GetString()).Should().Contain("oxi-garbage", "the oldest letter goes first");

        var kept = await StoredRecording.DeadLettersAsync(gateway, "ecg-flood");
        var keptSeqs = kept.Select(l => l.GetProperty("seq").UInt64()).Order().ToList();
        keptSeqs.Should().NotBeEmpty().And.EndWith(flood[^1].Seq, "the newest refusals of the flood are kept");
        keptSeqs.Should().Equal(flood.Select(b => b.Seq).TakeLast(keptSeqs.Count), "deletion is oldest first");
        kept.Should().OnlyContain(l => l.GetProperty("payloadTruncated").GetBoolean() && Convert.FromBase64String(l.GetProperty("payload").GetString()!).Length == 65536);
        gateway.ErrorLines().Should().BeEmpty();
    }
}
