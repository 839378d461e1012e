using Grpc.Core;
using TeleSante.Contracts.V1;
using TeleSante.Gateway.Tests.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.Gateway.Tests;

public sealed class GrpcIngestionTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    [Fact]
    public async Task Twelve_lead_ecg_streamed_for_sixty_seconds_is_read_back_bit_identical_and_every_batch_is_acked_once()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        var start = TestEcg.NowNs() - 120_000_000_000;
        var recorder = TestEcg.Recorder("ecg-60s", "session-60s", start);
        var batches = TestEcg.Batches(recorder, 120); // 120 × 0.5 s = 60 s of 12 leads at 500 Hz

        var client = new Ingest.IngestClient(gateway.Grpc);
        using var call = client.Stream();
        var answers = new List<BatchResult>();
        var reading = Task.Run(async () =>
        {
            await foreach (var answer in call.ResponseStream.ReadAllAsync())
            {
                answers.Add(answer);
            }
        });
        foreach (var batch in batches)
        {
            await call.RequestStream.WriteAsync(batch);
        }

        await call.RequestStream.CompleteAsync();
        await reading;

        answers.Select(a => a.Seq).Should().Equal(batches.Select(b => b.Seq), "one answer per batch, in order");
        answers.Should().OnlyContain(a => a.OutcomeCase == BatchResult.OutcomeOneofCase.Ack && !a.Ack.Duplicate);

        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(60));
        var expected = TestEcg.SamplesByLead(batches);
        var stored = await StoredRecording.WaveformsAsync(gateway, "session-60s", start, start + 61_000_000_000);
        stored.Keys.Should().BeEquivalentTo(expected.Keys);
        foreach (var (lead, samples) in expected)
        {
            samples.Should().HaveCount(30_000);
            stored[lead].Segments.Should().Be(1, "the recording has no gap");
            stored[lead].Samples.Should().Equal(samples, $"lead {lead} must come back bit-identical");
        }

        gateway.ErrorLines().Should().BeEmpty();
    }

    [Fact]
    public async Task A_time_range_returns_exactly_the_samples_taken_in_it()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        var start = TestEcg.NowNs() - 60_000_000_000;
        var recorder = TestEcg.Recorder("ecg-range", "session-range", start, leads: 1, rate: 360, chunkSamples: 360);
        var batches = TestEcg.Batches(recorder, 10);
        await SendAllAsync(gateway, batches);
        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(30));

        // Samples 1000..1999 at 360 Hz: from = start + 1000/360 s, to = start + 2000/360 s.
        var from = start + (long)Math.Ceiling(1000 * 1e9 / 360);
        var to = start + (long)Math.Ceiling(2000 * 1e9 / 360);
        var stored = await StoredRecording.WaveformsAsync(gateway, "session-range", from, to);
        var all = TestEcg.SamplesByLead(batches).Single();
        stored[all.Key].Samples.Should().Equal(all.Value.Skip(1000).Take(1000));
    }

    [Fact]
    public async Task A_batch_resent_after_reconnect_is_acked_as_duplicate_and_stored_once()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        var start = TestEcg.NowNs() - 60_000_000_000;
        var batches = TestEcg.Batches(TestEcg.Recorder("ecg-dup", "session-dup", start), 8);

        var first = await SendAllAsync(gateway, batches[..5]);
        first.Should().OnlyContain(a => a.Ack != null && !a.Ack.Duplicate);

        // A new stream, as after a dropped connection: 3..5 again, then 6..8.
        var second = await SendAllAsync(gateway, batches[2..]);
        second.Select(a => (a.Seq, a.Ack.Duplicate)).Should().Equal(
            (3UL, true), (4UL, true), (5UL, true), (6UL, false), (7UL, false), (8UL, false));

        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(30));
        var health = await gateway.HealthAsync();
        health.GetProperty("pipeline").GetProperty("accepted").GetInt64().Should().Be(8, "duplicates are not written to the log");
        health.GetProperty("pipeline").GetProperty("duplicates").GetInt64().Should().Be(3);
        var points = await influx.Server.QueryJsonAsync("SELECT COUNT(\"n\") FROM \"waveform\" WHERE \"session\" = 'session-dup'", gateway.Database);
        points.Should().Contain("[0,96]", "8 chunks × 12 leads, each stored once");
    }

    [Fact]
    public async Task A_duplicate_is_still_recognised_after_the_gateway_restarts()
    {
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        var batches = TestEcg.Batches(TestEcg.Recorder("ecg-dup-restart", "session-dup-restart", TestEcg.NowNs() - 30_000_000_000), 3);
        await SendAllAsync(gateway, batches);
        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(30));
        // Past a checkpoint, so the log has forgotten them and the snapshot must answer: /health's confirmed
        // sequence reaches the last one once the forwarder has saved the snapshot and confirmed the log.
        await Eventually.ValueAsync(
            gateway.HealthAsync,
            h => h.GetProperty("wal") is var wal && wal.GetProperty("confirmedSequence").GetInt64() == wal.GetProperty("lastSequence").GetInt64() && wal.GetProperty("lastSequence").GetInt64() >= 3,
            TimeSpan.FromSeconds(30),
            "the write-ahead log confirmed up to the last batch");

        await gateway.KillAsync();
        await gateway.StartAgainAsync();
        var again = await SendAllAsync(gateway, batches);
        again.Should().OnlyContain(a => a.Ack != null && a.Ack.Duplicate);
    }

    internal static Task<List<BatchResult>> SendAllAsync(GatewayProcess gateway, IReadOnlyList<ReadingBatch> batches) => IngestStream.SendAllAsync(gateway.Grpc, batches);
}
