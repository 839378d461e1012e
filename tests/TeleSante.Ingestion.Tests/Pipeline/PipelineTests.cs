using Google.Protobuf;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;
using TeleSante.Ingestion.Wal;
using TeleSante.Testing;

namespace TeleSante.Ingestion.Tests.Pipeline;

public sealed class PipelineTests(InfluxFixture influx) : IClassFixture<InfluxFixture>
{
    private static long NowNs() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    private static ReadingBatch Batch(ulong seq, string session, long startNs, int samples = 250, bool withVitals = false)
    {
        var batch = new ReadingBatch { DeviceId = "dev-" + session, SiteId = "site-1", SessionId = session, Seq = seq, DeviceTimeNs = startNs };
        var chunk = new WaveformChunk { StartTimeNs = startNs, SampleRateHz = 500 };
        foreach (var lead in CodeCatalog.TwelveLeads.Take(2))
        {
            var channel = new WaveformChannel { MdcCode = lead, Gain = 1000, Baseline = 3, Unit = "mV" };
            channel.Samples.Add(Enumerable.Range(0, samples).Select(i => ((int)(seq % 40) * 1000) + i - 20_000)); // within ±20.3 mV
            chunk.Channels.Add(channel);
        }

        batch.Waveforms.Add(chunk);
        if (withVitals)
        {
            batch.Observations.Add(new Observation { MdcCode = CodeCatalog.SpO2, Value = 96, Unit = "%", TimeNs = startNs });
        }

        return batch;
    }

    [Fact]
    public async Task A_line_influxdb_refuses_is_kept_as_a_dead_letter_and_the_rest_of_the_batch_is_stored()
    {
        var database = InfluxFixture.NewDatabaseName();
        await influx.Server.CreateDatabaseAsync(database);
        var start = NowNs() - 10_000_000_000;
        // Make "value" a string field in this shard: every float observation line now conflicts (400 partial write).
        await influx.Server.WriteAsync(database, $"observation,session=other value=\"text\" {start}");

        await using var harness = new PipelineHarness(influx.Url, database);
        await harness.Forwarder.StartAsync(CancellationToken.None);
        (await harness.Pipeline.SubmitAsync(Batch(1, "partial", start, withVitals: true), "test", default, CancellationToken.None)).Outcome.Should().Be(IngestOutcome.Accepted);
        await harness.WaitForwardedAsync(TimeSpan.FromSeconds(20));

        var letters = await harness.DeadLetters.ListAsync(null, 10, CancellationToken.None);
        letters.Should().ContainSingle();
        letters[0].Transport.Should().Be("influx");
        letters[0].Seq.Should().Be(1);
        letters[0].Detail.Should().Contain("field type conflict");
        System.Text.Encoding.UTF8.GetString(letters[0].Payload.Span).Should().StartWith("observation,device=dev-partial,loinc=59408-5,mdc=150456,");
        harness.Status.DeadLetteredLines.Should().Be(1);

        var waveforms = await harness.Recordings.ReadWaveformsAsync("partial", start, start + 1_000_000_000, CancellationToken.None);
        waveforms.Should().HaveCount(2, "the waveform lines of the same batch are stored");
        waveforms.Should().OnlyContain(w => w.Segments.Single().Samples.Length == 250 && w.Segments[0].Baseline == 3);
    }

    [Fact]
    public async Task A_batch_kept_in_the_log_as_it_arrived_is_stored_sample_for_sample_and_its_resend_is_a_duplicate()
    {
        var database = InfluxFixture.NewDatabaseName();
        await using var harness = new PipelineHarness(influx.Url, database);
        await harness.Forwarder.StartAsync(CancellationToken.None);
        var start = NowNs() - 30_000_000_000;
        var batch = Batch(1, "encoded", start, withVitals: true);
        var wire = batch.ToByteArray();

        (await harness.Pipeline.SubmitEncodedAsync(ReadingBatch.Parser.ParseFrom(wire), "grpc", wire, CancellationToken.None)).Outcome.Should().Be(IngestOutcome.Accepted);
        (await harness.Pipeline.SubmitEncodedAsync(ReadingBatch.Parser.ParseFrom(wire), "grpc", wire, CancellationToken.None)).Outcome.Should().Be(IngestOutcome.Duplicate);
        await harness.WaitForwardedAsync(TimeSpan.FromSeconds(20));

        var waveforms = await harness.Recordings.ReadWaveformsAsync("encoded", start, start + 1_000_000_000, CancellationToken.None);
        waveforms.Should().HaveCount(2);
        foreach (var channel in batch.Waveforms[0].Channels)
        {
            var stored = waveforms.Single(w => w.MdcCode == channel.MdcCode).Segments.Single();
            stored.StartTimeNs.Should().Be(start);
            stored.Samples.Should().Equal(channel.Samples);
        }

        var points = await influx.Server.QueryJsonAsync("SELECT value FROM observation WHERE session = 'encoded'", database);
        points.Should().Contain("96", "the observation of the same record is stored too");
    }

    [Fact]
    public async Task A_gap_in_the_recording_is_shown_as_two_segments_never_stitched()
    {
        var database = InfluxFixture.NewDatabaseName();
        await using var harness = new PipelineHarness(influx.Url, database);
        await harness.Forwarder.StartAsync(CancellationToken.None);
        var start = NowNs() - 60_000_000_000;
        await harness.Pipeline.SubmitAsync(Batch(1, "gap", start), "test", default, CancellationToken.None);
        await harness.Pipeline.SubmitAsync(Batch(2, "gap", start + 500_000_000), "test", default, CancellationToken.None);
        await harness.Pipeline.SubmitAsync(Batch(3, "gap", start + 2_000_000_000), "test", default, CancellationToken.None); // 1 s missing
        await harness.WaitForwardedAsync(TimeSpan.FromSeconds(20));

        var lead = (await harness.Recordings.ReadWaveformsAsync("gap", start, start + 3_000_000_000, CancellationToken.None))
            .Single(w => w.MdcCode == CodeCatalog.EcgLeadI);
        lead.Label.Should().Be("I");
        lead.Segments.Select(s => (s.StartTimeNs, s.Samples.Length)).Should().Equal((start, 500), (start + 2_000_000_000, 250));
    }

    [Fact]
    public async Task When_the_log_budget_is_spent_batches_are_refused_as_retryable_then_accepted_once_influxdb_drains_it()
    {
        await using var own = await InfluxDbServer.StartAsync();
        var database = InfluxFixture.NewDatabaseName();
        await using var harness = new PipelineHarness(own.Url, database,
            new WalOptions { SegmentBytes = 16 * 1024, DiskBudgetBytes = 64 * 1024, MinFreeDiskBytes = 0, MaxRecordBytes = 8 * 1024 },
            new IngestionOptions { BackpressureWait = TimeSpan.FromMilliseconds(300), CheckpointInterval = TimeSpan.FromMilliseconds(100) });
        await harness.Forwarder.StartAsync(CancellationToken.None);
        await own.StopAsync();

        var start = NowNs() - 600_000_000_000;
        IngestResult result = default;
        ulong seq = 0;
        while (seq < 200)
        {
            result = await harness.Pipeline.SubmitAsync(Batch(++seq, "full", start + ((long)seq * 500_000_000)), "test", default, CancellationToken.None);
            if (result.Outcome != IngestOutcome.Accepted)
            {
                break;
            }
        }

        result.Outcome.Should().Be(IngestOutcome.Rejected);
        result.Reason.Should().Be(RejectReason.StorageFull);
        result.IsRetryable.Should().BeTrue();
        harness.Wal.IsFull.Should().BeTrue();
        var acceptedBeforeFull = (long)seq - 1;
        (await harness.DeadLetters.CountAsync(CancellationToken.None)).Should().Be(0, "a retryable refusal is not a dead letter: the device keeps it");

        await own.StartAgainAsync();
        var retried = await harness.Pipeline.SubmitAsync(Batch(seq, "full", start + ((long)seq * 500_000_000)), "test", default, CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (retried.Outcome != IngestOutcome.Accepted && DateTime.UtcNow < deadline)
        {
            retried = await harness.Pipeline.SubmitAsync(Batch(seq, "full", start + ((long)seq * 500_000_000)), "test", default, CancellationToken.None);
        }

        retried.Outcome.Should().Be(IngestOutcome.Accepted, "space returns once InfluxDB took the backlog");
        await harness.WaitForwardedAsync(TimeSpan.FromSeconds(20));
        var stored = await harness.Recordings.ReadWaveformsAsync("full", start, start + 200_000_000_000, CancellationToken.None);
        stored.Single(w => w.MdcCode == CodeCatalog.EcgLeadI).Segments.Sum(s => s.Samples.Length).Should().Be((int)(acceptedBeforeFull + 1) * 250);
    }

    [Fact]
    public async Task Concurrent_twins_are_stored_once_and_both_acknowledged_only_after_durability()
    {
        var database = InfluxFixture.NewDatabaseName();
        await using var harness = new PipelineHarness(influx.Url, database);
        var batch = Batch(77, "twins", NowNs() - 1_000_000_000);
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => harness.Pipeline.SubmitAsync(batch.Clone(), "test", default, CancellationToken.None).AsTask()));
        results.Count(r => r.Outcome == IngestOutcome.Accepted).Should().Be(1, string.Join(", ", results.Select(r => $"{r.Outcome} {r.Reason} {r.Detail}")));
        results.Count(r => r.Outcome == IngestOutcome.Duplicate).Should().Be(7);
        harness.Wal.LastSequence.Should().Be(1, "one record in the log");
    }
}
