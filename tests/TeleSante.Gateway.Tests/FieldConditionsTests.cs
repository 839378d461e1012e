using System.Collections.Concurrent;
using TeleSante.Contracts.V1;
using TeleSante.FirmwareSim.Transport;
using TeleSante.Gateway.Tests.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.Gateway.Tests;

public sealed class FieldConditionsTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    [Fact]
    public async Task Dropped_links_and_duplicated_sends_still_store_every_batch_exactly_once()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        var start = TestEcg.NowNs() - 300_000_000_000;
        var recorder = TestEcg.Recorder("ecg-field", "field-conditions", start);
        var conditions = new FieldConditions { DropAfterBatches = 15, DuplicateProbability = 0.2, Seed = 11 };
        var answers = new ConcurrentBag<(ulong Seq, bool Duplicate)>();
        var batches = new List<ReadingBatch>();
        await using (var sender = new GrpcBatchSender(gateway.Grpc, window: 8, conditions))
        {
            sender.Answered += (batch, result) => answers.Add((batch.Seq, result.Ack?.Duplicate ?? false));
            sender.Start();
            for (var i = 0; i < 120; i++)
            {
                var batch = recorder.NextBatch();
                batches.Add(batch);
                await sender.SendAsync(batch, CancellationToken.None);
            }

            using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await sender.DrainAsync(drain.Token);
            sender.Reconnects.Should().BeGreaterThan(5, "the link dropped every 15 batches");
            sender.DuplicatesSent.Should().BeGreaterThan(10);
        }

        answers.Select(a => a.Seq).Should().BeEquivalentTo(batches.Select(b => b.Seq), "every batch was answered once to the device");
        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(30));
        var health = await gateway.HealthAsync();
        health.GetProperty("pipeline").GetProperty("accepted").GetInt64().Should().Be(120, "each batch entered the log once");
        health.GetProperty("pipeline").GetProperty("duplicates").GetInt64().Should().BeGreaterThan(10);

        var stored = await StoredRecording.WaveformsAsync(gateway, "field-conditions", start, start + 61_000_000_000);
        foreach (var (lead, samples) in TestEcg.SamplesByLead(batches))
        {
            stored[lead].Samples.Should().Equal(samples);
        }
    }

    [Fact]
    public async Task A_device_clock_ten_minutes_fast_is_refused_as_bad_timestamp_and_one_a_minute_fast_is_accepted_unchanged()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        var now = TestEcg.NowNs();
        var fast = new TeleSante.FirmwareSim.Devices.EcgRecorder(new TeleSante.FirmwareSim.Devices.EcgRecorderOptions
        {
            DeviceId = "ecg-fast", SiteId = "s", SessionId = "skew", StartTimeNs = now, ClockOffset = TimeSpan.FromMinutes(10), Leads = 1,
        });
        var slightlyFast = new TeleSante.FirmwareSim.Devices.EcgRecorder(new TeleSante.FirmwareSim.Devices.EcgRecorderOptions
        {
            DeviceId = "ecg-ok", SiteId = "s", SessionId = "skew", StartTimeNs = now - 5_000_000_000, ClockOffset = TimeSpan.FromMinutes(1), Leads = 1,
        });

        var refused = await GrpcIngestionTests.SendAllAsync(gateway, [fast.NextBatch()]);
        refused.Single().Rejection.Reason.Should().Be(RejectReason.BadTimestamp);
        refused.Single().Rejection.Detail.Should().Contain("outside the accepted window");

        var batch = slightlyFast.NextBatch();
        var accepted = await GrpcIngestionTests.SendAllAsync(gateway, [batch]);
        accepted.Single().Ack.Should().NotBeNull();
        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(20));
        await gateway.AssignAsync("skew");
        var json = await gateway.Http.GetStringAsync($"/api/sessions/skew/waveforms?from={batch.Waveforms[0].StartTimeNs}&to={batch.Waveforms[0].StartTimeNs + 1_000_000_000}");
        json.Should().Contain($"\"startTimeNs\":\"{batch.Waveforms[0].StartTimeNs}\"", "the device's timestamp is stored as sent, never re-timed");
    }
}
