using System.Collections.Concurrent;
using System.Diagnostics;
using TeleSante.Contracts.V1;
using TeleSante.FirmwareSim.Transport;
using TeleSante.Gateway.Tests.Infrastructure;
using TeleSante.Testing;

namespace TeleSante.Gateway.Tests;

/// <summary>The promises under faults: nothing acknowledged is lost, nothing is stored twice.</summary>
public sealed class FaultToleranceTests
{
    [Fact]
    public async Task InfluxDB_stopped_for_60_seconds_mid_stream_loses_no_acknowledged_sample_and_stores_none_twice()
    {
        await using var influx = await InfluxDbServer.StartAsync();
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        var start = TestEcg.NowNs() - 600_000_000_000;
        var recorder = TestEcg.Recorder("ecg-outage", "influx-outage", start);
        var acked = new ConcurrentDictionary<ulong, ReadingBatch>();
        await using var sender = new GrpcBatchSender(gateway.Grpc);
        sender.Answered += (batch, result) =>
        {
            if (result.Ack is not null)
            {
                acked[batch.Seq] = batch;
            }
        };
        sender.Start();

        var clock = Stopwatch.StartNew();
        var outage = new Stopwatch();
        var ackedBeforeOutage = 0;
        var ackedDuringOutage = 0;
        var sawDegraded = false;
        var phase = 0;
        while (phase < 2 || outage.Elapsed < TimeSpan.FromSeconds(66))
        {
            // The outage starts once the stream is really flowing (acks lag behind sends on a loaded machine),
            // and lasts 60 s from then.
            if (phase == 0 && clock.Elapsed > TimeSpan.FromSeconds(6) && acked.Count > 50)
            {
                ackedBeforeOutage = acked.Count;
                await influx.StopAsync();
                outage.Start();
                phase = 1;
            }
            else if (phase == 1 && outage.Elapsed > TimeSpan.FromSeconds(60))
            {
                ackedDuringOutage = acked.Count - ackedBeforeOutage;
                var health = await gateway.HealthAsync();
                sawDegraded = health.GetProperty("status").GetString() == "degraded" && !health.GetProperty("influx").GetProperty("reachable").GetBoolean();
                await influx.StartAgainAsync();
                phase = 2;
            }

            clock.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(150), "the stream flows and the outage ends");
            await sender.SendAsync(recorder.NextBatch(), CancellationToken.None);
            await Task.Delay(50); // 0.5 s of 12-lead ECG every 50 ms: ten devices' worth of data
        }

        using (var drain = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await sender.DrainAsync(drain.Token);
        }

        ackedBeforeOutage.Should().BeGreaterThan(50);
        ackedDuringOutage.Should().BeGreaterThan(300, "the gateway keeps acknowledging into its write-ahead log while InfluxDB is down");
        sawDegraded.Should().BeTrue("health reports InfluxDB unreachable during the outage");

        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(60));
        await AssertStoredExactlyAsync(gateway, influx, "influx-outage", start, acked.Values);
    }

    [Fact]
    public async Task Gateway_killed_with_sigkill_mid_stream_keeps_every_acknowledged_sample_after_replay()
    {
        await using var influx = await InfluxDbServer.StartAsync();
        await using var gateway = await GatewayProcess.StartAsync(influx.Url);
        var start = TestEcg.NowNs() - 600_000_000_000;
        var recorder = TestEcg.Recorder("ecg-kill", "gateway-kill", start);
        var acked = new ConcurrentDictionary<ulong, ReadingBatch>();
        await using var sender = new GrpcBatchSender(gateway.Grpc);
        sender.Answered += (batch, result) =>
        {
            if (result.Ack is not null)
            {
                acked[batch.Seq] = batch;
            }
        };
        sender.Start();

        var streaming = Task.Run(async () =>
        {
            for (var i = 0; i < 400; i++)
            {
                await sender.SendAsync(recorder.NextBatch(), CancellationToken.None);
                await Task.Delay(20);
            }
        });

        // Let data flow (some of it forwarded), then hold InfluxDB back so the write-ahead log holds acknowledged
        // but unforwarded batches at the moment of the kill: exactly what replay must recover.
        await Eventually.ValueAsync(gateway.HealthAsync, h => h.GetProperty("influx").GetProperty("forwardedRecords").GetInt64() > 0 && acked.Count > 50, TimeSpan.FromSeconds(60), "batches acknowledged and forwarded");
        await influx.StopAsync();
        var health = await Eventually.ValueAsync(gateway.HealthAsync, h => h.GetProperty("influx").GetProperty("backlogRecords").GetInt64() > 10, TimeSpan.FromSeconds(60), "a backlog in the write-ahead log");
        var backlog = health.GetProperty("influx").GetProperty("backlogRecords").GetInt64();
        var ackedAtKill = acked.Count;
        await gateway.KillAsync();
        await influx.StartAgainAsync();
        // The device keeps sending into a dead gateway for a moment (real time, not a condition): its
        // reconnection loop must cope with refused connections, not only with a gateway already back.
        await Task.Delay(1000);
        await gateway.StartAgainAsync();

        await streaming;
        using (var drain = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            await sender.DrainAsync(drain.Token);
        }

        backlog.Should().BeGreaterThan(10, "acknowledged batches were only in the write-ahead log when the gateway died");
        ackedAtKill.Should().BeGreaterThan(50);
        acked.Count.Should().Be(400, "the device resends what was unanswered and everything is acknowledged in the end");
        sender.Reconnects.Should().BeGreaterThan(0);

        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(60));
        await AssertStoredExactlyAsync(gateway, influx, "gateway-kill", start, acked.Values);
    }

    /// <summary>Every acknowledged batch's samples are stored, bit-identical, and each chunk exactly once;
    /// nothing else is stored for the session (12-lead batches of one chunk each).</summary>
    internal static async Task AssertStoredExactlyAsync(GatewayProcess gateway, InfluxDbServer influx, string session, long start, ICollection<ReadingBatch> acked)
    {
        var expected = TestEcg.SamplesByLead(acked);
        var end = acked.Max(b => b.Waveforms.Max(w => w.StartTimeNs)) + 1_000_000_000;
        var stored = await StoredRecording.WaveformsAsync(gateway, session, start, end);
        stored.Keys.Should().BeEquivalentTo(expected.Keys);
        foreach (var (lead, samples) in expected)
        {
            stored[lead].Samples.Should().Equal(samples, $"lead {lead}: every acknowledged sample, once, in order");
        }

        var count = await influx.QueryJsonAsync($"SELECT COUNT(\"n\") FROM \"waveform\" WHERE \"session\" = '{session}'", gateway.Database);
        count.Should().Contain($",{acked.Count * 12}]", "one point per acknowledged chunk and lead: none twice");
    }
}
