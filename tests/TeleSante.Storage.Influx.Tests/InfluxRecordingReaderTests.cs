using Microsoft.Extensions.Options;
using TeleSante.Testing;

namespace TeleSante.Storage.Influx.Tests;

/// <summary>The read model over a real influxd: the sample count the FHIR export refuses on is what a
/// read would return, without reading samples; a store that cannot answer is StorageUnavailable.</summary>
public sealed class InfluxRecordingReaderTests(InfluxFixture influx) : IClassFixture<InfluxFixture>, IDisposable
{
    private readonly RecordingLogger<InfluxV1Store> _log = new();

    [Fact]
    public async Task The_sample_count_is_what_a_read_of_the_same_range_returns_wherever_the_range_cuts_the_chunks()
    {
        var database = InfluxFixture.NewDatabaseName();
        var store = Stores.Create(influx.Url, database, _log);
        var sink = new InfluxReadingSink(store, Options.Create(new InfluxOptions { Url = influx.Url, Database = database }));
        await sink.EnsureReadyAsync(CancellationToken.None);
        var start = ((DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100) - 60_000_000_000;
        using var buffer = sink.CreateBuffer();
        // Two leads, 0.5 s chunks at 500 Hz: 0-2 s contiguous, a 1 s gap, then 3-4 s; a second device from 1.2 s.
        for (ulong i = 0; i < 4; i++)
        {
            buffer.Add(InfluxReadingSinkTests.Batch("dev-a", i + 1, "count", start + ((long)i * 500_000_000)));
        }

        buffer.Add(InfluxReadingSinkTests.Batch("dev-a", 5, "count", start + 3_000_000_000));
        buffer.Add(InfluxReadingSinkTests.Batch("dev-a", 6, "count", start + 3_500_000_000));
        buffer.Add(InfluxReadingSinkTests.Batch("dev-b", 1, "count", start + 1_200_000_000, samples: 400));
        (await sink.WriteAsync(buffer, CancellationToken.None)).Should().BeEmpty();
        var reader = new InfluxRecordingReader(store);

        long[][] ranges =
        [
            [start - 5_000_000_000, start + 10_000_000_000], // everything
            [start + 123_456_789, start + 1_777_777_777],    // both edges inside chunks
            [start + 1_999_000_000, start + 3_001_000_000],  // across the gap, a sample on each side
            [start + 100_000_000, start + 200_000_000],      // inside one chunk
            [start + 2_100_000_000, start + 2_900_000_000],  // inside the gap
            [start + 3_999_000_000, start + 9_000_000_000],  // after the last sample
            [start - 9_000_000_000, start],                  // before the first
        ];
        foreach (var range in ranges)
        {
            var read = (await reader.ReadWaveformsAsync("count", range[0], range[1], CancellationToken.None)).Sum(c => c.Segments.Sum(s => (long)s.Samples.Length));
            (await reader.CountWaveformSamplesAsync("count", range[0], range[1], CancellationToken.None)).Should().Be(read, $"range {range[0] - start}..{range[1] - start} ns from the start");
        }

        (await reader.CountWaveformSamplesAsync("count", start - 5_000_000_000, start + 10_000_000_000, CancellationToken.None)).Should().Be((2 * 6 * 250) + (2 * 400));
    }

    [Fact]
    public async Task A_store_that_cannot_answer_is_storage_unavailable_for_every_read()
    {
        var reader = new InfluxRecordingReader(Stores.Create(Unreachable.Url(), InfluxFixture.NewDatabaseName(), _log));

        await reader.Invoking(r => r.ReadWaveformsAsync("s", 0, 1, CancellationToken.None)).Should().ThrowAsync<StorageUnavailableException>();
        await reader.Invoking(r => r.CountWaveformSamplesAsync("s", 0, 1, CancellationToken.None)).Should().ThrowAsync<StorageUnavailableException>();
        await reader.Invoking(r => r.ReadObservationsAsync("s", 0, 1, CancellationToken.None)).Should().ThrowAsync<StorageUnavailableException>();
        (await reader.Invoking(r => r.ReadEventsAsync("s", 0, 1, CancellationToken.None)).Should().ThrowAsync<StorageUnavailableException>())
            .Which.InnerException.Should().BeOfType<InfluxQueryException>("the store client's own error is kept for the log");
    }

    public void Dispose() => _log.VerifyNoUnexpectedErrors();
}
