using System.Net;
using System.Text.Json;
using Grpc.Core;
using TeleSante.Contracts.V1;
using TeleSante.Gateway.Tests.Infrastructure;
using TeleSante.Testing;
using Xunit.Abstractions;

namespace TeleSante.Gateway.Tests;

/// <summary>The write-ahead log's disk budget spent while InfluxDB is down, through the gateway process:
/// the device is told to retry later, and is served again once InfluxDB has taken the backlog.</summary>
public sealed class WalBudgetTests(ITestOutputHelper output)
{
    private const long BudgetBytes = 1024 * 1024;

    [Fact]
    public async Task A_full_log_refuses_batches_as_retryable_storage_full_and_accepts_again_once_influxdb_drains_it()
    {
        await using var influx = await InfluxDbServer.StartAsync();
        await using var gateway = await GatewayProcess.StartAsync(influx.Url, new Dictionary<string, string>
        {
            // The smallest budget the options allow, in 128 KiB segments so that confirmed ones can be deleted
            // (a record is at most twice Validation:MaxBatchBytes and must fit in one segment).
            ["Wal:DiskBudgetBytes"] = BudgetBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Wal:SegmentBytes"] = "131072",
            ["Validation:MaxBatchBytes"] = "32768",
            // Only the budget is under test, not this machine's free space.
            ["Wal:MinFreeDiskBytes"] = "0",
            ["Ingestion:BackpressureWait"] = "00:00:00.5",
            ["Ingestion:MaxRetryDelay"] = "00:00:01",
            ["Ingestion:CheckpointInterval"] = "00:00:00.2",
        });
        var start = TestEcg.NowNs() - 600_000_000_000;
        var recorder = TestEcg.Recorder("ecg-budget", "wal-budget", start);
        var acked = new List<ReadingBatch>();
        using var call = new Ingest.IngestClient(gateway.Grpc).Stream();

        // One batch at a time on one stream, so every answer is known to belong to its batch.
        async Task<BatchResult> OfferAsync(ReadingBatch batch)
        {
            await call.RequestStream.WriteAsync(batch);
            (await call.ResponseStream.MoveNext(CancellationToken.None)).Should().BeTrue();
            var answer = call.ResponseStream.Current;
            answer.Seq.Should().Be(batch.Seq);
            if (answer.OutcomeCase == BatchResult.OutcomeOneofCase.Ack && !answer.Ack.Duplicate)
            {
                acked.Add(batch);
            }

            return answer;
        }

        for (var i = 0; i < 10; i++)
        {
            (await OfferAsync(recorder.NextBatch())).Ack.Should().NotBeNull();
        }

        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(20));
        await influx.StopAsync();

        // InfluxDB down: the log takes everything until its budget is spent.
        ReadingBatch? refused = null;
        BatchResult? refusal = null;
        for (var i = 0; i < 2000 && refused is null; i++)
        {
            var batch = recorder.NextBatch();
            var answer = await OfferAsync(batch);
            if (answer.OutcomeCase != BatchResult.OutcomeOneofCase.Ack)
            {
                (refused, refusal) = (batch, answer);
            }
        }

        refused.Should().NotBeNull("a 1 MiB log cannot hold 2000 batches of 12-lead ECG");
        refusal!.Rejection.Reason.Should().Be(RejectReason.StorageFull, refusal.ToString());
        refusal.Rejection.Retryable.Should().BeTrue("the batch is fine: the device keeps it and resends it later");
        refusal.Rejection.Detail.Should().Contain("write-ahead log is full").And.Contain("retry later");
        var ackedWhileDown = acked.Count - 10;
        ackedWhileDown.Should().BeGreaterThan(50, "the gateway kept acknowledging into its log while InfluxDB was down");

        var full = await HealthAsync(gateway);
        full.Status.Should().Be(HttpStatusCode.ServiceUnavailable);
        full.Body.GetProperty("status").GetString().Should().Be("failing");
        full.Body.GetProperty("wal").GetProperty("full").GetBoolean().Should().BeTrue();
        full.Body.GetProperty("wal").GetProperty("sizeBytes").GetInt64().Should().BeGreaterThan(BudgetBytes / 2);

        // Still full: two more batches are refused, and a resent batch that is already stored is still
        // answered as a duplicate (the device gets its lost acknowledgement even now).
        var abandoned = new[] { recorder.NextBatch(), recorder.NextBatch() };
        foreach (var batch in abandoned)
        {
            (await OfferAsync(batch)).Rejection.Reason.Should().Be(RejectReason.StorageFull);
        }

        (await OfferAsync(acked[^1])).Ack.Duplicate.Should().BeTrue();
        (await StoredRecording.DeadLettersAsync(gateway)).Should().BeEmpty("a retryable refusal is not a dead letter: the device keeps the batch");

        // InfluxDB back: the forwarder drains and checkpoints, confirmed segments are deleted, space returns.
        await influx.StartAgainAsync();
        var restarted = DateTime.UtcNow;
        var deadline = restarted + TimeSpan.FromSeconds(60);
        var retried = await OfferAsync(refused!);
        while (retried.OutcomeCase != BatchResult.OutcomeOneofCase.Ack && DateTime.UtcNow < deadline)
        {
            retried.Rejection.Reason.Should().Be(RejectReason.StorageFull);
            await Task.Delay(200);
            retried = await OfferAsync(refused!);
        }

        retried.Ack.Should().NotBeNull("the refused batch, resent with its seq, is accepted once InfluxDB has taken the backlog");
        retried.Ack.Duplicate.Should().BeFalse();
        output.WriteLine($"{ackedWhileDown} batches acknowledged while InfluxDB was down; full at {full.Body.GetProperty("wal").GetProperty("sizeBytes").GetInt64()} of {BudgetBytes} bytes; accepted again {(DateTime.UtcNow - restarted).TotalSeconds:F1} s after InfluxDB restarted");
        for (var i = 0; i < 20; i++)
        {
            (await OfferAsync(recorder.NextBatch())).Ack.Should().NotBeNull("new batches are accepted again");
        }

        await call.RequestStream.CompleteAsync();
        await gateway.WaitForForwardingAsync(TimeSpan.FromSeconds(30));
        // The checkpoint is published before the confirmed segments are deleted one by one: poll until both are done.
        var drained = await StoredRecording.EventuallyAsync(
            () => HealthAsync(gateway),
            h => h.Body.GetProperty("wal") is var wal && wal.GetProperty("confirmedSequence").GetInt64() == wal.GetProperty("lastSequence").GetInt64() && wal.GetProperty("sizeBytes").GetInt64() < BudgetBytes / 2,
            TimeSpan.FromSeconds(10));
        drained.Status.Should().Be(HttpStatusCode.OK);
        drained.Body.GetProperty("status").GetString().Should().Be("ok");
        drained.Body.GetProperty("wal").GetProperty("full").GetBoolean().Should().BeFalse();
        drained.Body.GetProperty("wal").GetProperty("confirmedSequence").GetInt64().Should().Be(acked.Count, "every accepted batch is one log record, all checkpointed");
        drained.Body.GetProperty("wal").GetProperty("sizeBytes").GetInt64().Should().BeLessThan(BudgetBytes / 2, "forwarded segments are deleted");

        // Every acknowledged sample once, and nothing else: not the two batches refused and never resent
        // (the point count covers the whole session).
        await FaultToleranceTests.AssertStoredExactlyAsync(gateway, influx, "wal-budget", start, acked);
        gateway.ErrorLines().Should().BeEmpty();
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> HealthAsync(GatewayProcess gateway)
    {
        using var response = await gateway.Http.GetAsync("/health");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.Clone());
    }
}
