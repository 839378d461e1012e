using System.Text;
using Microsoft.Extensions.Options;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Codes;
using TeleSante.Testing;

namespace TeleSante.Storage.Influx.Tests;

/// <summary>The sink the forwarder writes accepted batches to, against a real influxd: a 400 is resolved
/// here, line by line, and what InfluxDB refuses on its own comes back with the batch it belongs to.</summary>
public sealed class InfluxReadingSinkTests(InfluxFixture influx) : IClassFixture<InfluxFixture>, IDisposable
{
    private readonly RecordingLogger<InfluxV1Store> _log = new();

    private static long NowNs() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;

    internal static ReadingBatch Batch(string device, ulong seq, string session, long startNs, int samples = 250, bool withSpO2 = false)
    {
        var batch = new ReadingBatch { DeviceId = device, SiteId = "site-1", SessionId = session, Seq = seq, DeviceTimeNs = startNs };
        var chunk = new WaveformChunk { StartTimeNs = startNs, SampleRateHz = 500 };
        foreach (var lead in CodeCatalog.TwelveLeads.Take(2))
        {
            var channel = new WaveformChannel { MdcCode = lead, Gain = 1000, Baseline = 3, Unit = "mV" };
            channel.Samples.Add(Enumerable.Range(0, samples).Select(i => ((int)seq * 100) + i));
            chunk.Channels.Add(channel);
        }

        batch.Waveforms.Add(chunk);
        if (withSpO2)
        {
            batch.Observations.Add(new Observation { MdcCode = CodeCatalog.SpO2, Value = 96, Unit = "%", TimeNs = startNs });
        }

        return batch;
    }

    [Fact]
    public async Task Lines_influxdb_refuses_on_their_own_come_back_with_their_batch_and_the_rest_is_stored()
    {
        var database = InfluxFixture.NewDatabaseName();
        var (store, sink) = Create(database);
        await sink.EnsureReadyAsync(CancellationToken.None);
        var start = NowNs() - 10_000_000_000;
        // "value" becomes a string field in this shard: a float observation now conflicts (400 partial write).
        await influx.Server.WriteAsync(database, $"observation,session=other value=\"text\" {start}");

        using var buffer = sink.CreateBuffer();
        buffer.Add(Batch("dev-a", 7, "sink", start, withSpO2: true));
        buffer.Add(Batch("dev-b", 8, "sink", start));
        var refused = await sink.WriteAsync(buffer, CancellationToken.None);

        var only = refused.Should().ContainSingle().Which;
        (only.DeviceId, only.Seq).Should().Be(("dev-a", 7UL));
        only.Message.Should().Contain("field type conflict");
        Encoding.UTF8.GetString(only.Payload.Span).Should().StartWith("observation,device=dev-a,loinc=59408-5,mdc=150456,session=sink,").And.NotContain("\n");
        var waveforms = await new InfluxRecordingReader(store).ReadWaveformsAsync("sink", start, start + 1_000_000_000, CancellationToken.None);
        waveforms.Select(w => w.DeviceId).Should().BeEquivalentTo(["dev-a", "dev-a", "dev-b", "dev-b"], "every line of both batches but the refused one is stored");
        waveforms.Should().OnlyContain(w => w.Segments.Single().Samples.Length == 250);
    }

    [Fact]
    public async Task A_batch_written_again_is_stored_once()
    {
        var database = InfluxFixture.NewDatabaseName();
        var (store, sink) = Create(database);
        await sink.EnsureReadyAsync(CancellationToken.None);
        var start = NowNs() - 10_000_000_000;
        using var buffer = sink.CreateBuffer();
        buffer.Add(Batch("dev-a", 1, "twice", start, withSpO2: true));

        (await sink.WriteAsync(buffer, CancellationToken.None)).Should().BeEmpty();
        (await sink.WriteAsync(buffer, CancellationToken.None)).Should().BeEmpty();

        var reader = new InfluxRecordingReader(store);
        (await reader.ReadWaveformsAsync("twice", start, start + 1_000_000_000, CancellationToken.None)).Should().OnlyContain(w => w.Segments.Single().Samples.Length == 250);
        (await reader.ReadObservationsAsync("twice", start, start + 1_000_000_000, CancellationToken.None)).Should().ContainSingle();
    }

    [Fact]
    public void A_buffer_is_full_at_the_configured_line_limit_and_empty_again_once_cleared()
    {
        var (_, sink) = Create(InfluxFixture.NewDatabaseName(), o => o.MaxBatchLines = 3);
        using var buffer = sink.CreateBuffer();

        buffer.Add(Batch("dev-a", 1, "full", NowNs())); // two lines: one per lead
        buffer.IsFull.Should().BeFalse();
        buffer.Add(Batch("dev-a", 2, "full", NowNs()));
        buffer.IsFull.Should().BeTrue();
        buffer.BatchCount.Should().Be(2);

        buffer.Clear();
        (buffer.IsFull, buffer.BatchCount).Should().Be((false, 0));
    }

    [Fact]
    public async Task An_unreachable_influxdb_is_storage_unavailable_for_writes_and_readiness()
    {
        var (_, sink) = Create(InfluxFixture.NewDatabaseName(), o => o.Url = Unreachable.Url());
        using var buffer = sink.CreateBuffer();
        buffer.Add(Batch("dev-a", 1, "down", NowNs()));

        (await sink.Invoking(s => s.WriteAsync(buffer, CancellationToken.None)).Should().ThrowAsync<StorageUnavailableException>())
            .Which.Cause.Should().Be("Transient");
        await sink.Invoking(s => s.EnsureReadyAsync(CancellationToken.None)).Should().ThrowAsync<StorageUnavailableException>();
    }

    private (InfluxV1Store Store, InfluxReadingSink Sink) Create(string database, Action<InfluxOptions>? configure = null)
    {
        var options = new InfluxOptions { Url = influx.Url, Database = database };
        configure?.Invoke(options);
        var store = Stores.Create(options.Url!, database, _log);
        return (store, new InfluxReadingSink(store, Options.Create(options)));
    }

    public void Dispose() => _log.VerifyNoUnexpectedErrors();
}
