using System.Collections.Concurrent;
using TeleSante.Ingestion.Wal;

namespace TeleSante.Ingestion.Tests.Wal;

public sealed class WalReaderTests
{
    [Fact]
    public async Task Reader_replays_records_after_its_start_then_tails_new_appends_until_the_log_is_disposed()
    {
        using var directory = new WalTestDirectory();
        var logger = new RecordingLogger<WriteAheadLog>();
        var wal = WalTest.Open(directory, logger);
        await WalTest.AppendRangeAsync(wal, 1, 10);

        using var reader = wal.OpenReader(afterSequence: 4);
        var replayed = new List<long>();
        while (reader.TryRead(out var record))
        {
            replayed.Add(record.Sequence);
        }

        replayed.Should().Equal(5, 6, 7, 8, 9, 10);
        reader.LastReadSequence.Should().Be(10);

        var waiting = reader.WaitToReadAsync();
        waiting.IsCompleted.Should().BeFalse("nothing new is durable yet");
        await wal.AppendAsync(WalTest.Payload(11));
        (await waiting.AsTask().WaitAsync(WalTest.Timeout)).Should().BeTrue();
        reader.TryRead(out var tailed).Should().BeTrue();
        tailed.Sequence.Should().Be(11);
        tailed.Payload.ToArray().Should().Equal(WalTest.Payload(11));

        var end = reader.WaitToReadAsync();
        await wal.DisposeAsync();
        (await end.AsTask().WaitAsync(WalTest.Timeout)).Should().BeFalse("the log is disposed and everything was read");
        logger.VerifyNoUnexpectedErrors();
    }

    [Fact]
    public async Task Reader_keeps_reading_after_the_segment_it_finished_is_deleted_and_new_readers_skip_deleted_records()
    {
        using var directory = new WalTestDirectory();
        var logger = new RecordingLogger<WriteAheadLog>();
        await using var wal = WalTest.Open(directory, logger, o =>
        {
            o.SegmentBytes = 1024;
            o.MaxRecordBytes = 100;
        });

        // 100-byte payloads: 8 records per segment, 24 records over 3 segments.
        await WalTest.AppendRangeAsync(wal, 1, 24, i => WalTest.Payload(i, 100));
        using var reader = wal.OpenReader(0);
        for (var i = 1; i <= 8; i++)
        {
            reader.TryRead(out var record).Should().BeTrue();
            record.Sequence.Should().Be(i);
        }

        await wal.ConfirmAsync(8);
        directory.Segments.Should().HaveCount(2, "the first segment, read to its end, is confirmed and deleted");

        var rest = new List<long>();
        while (reader.TryRead(out var record))
        {
            rest.Add(record.Sequence);
        }

        rest.Should().Equal(Enumerable.Range(9, 16).Select(i => (long)i));
        WalTest.ReadAvailable(wal, 0).Select(r => r.Sequence).Should().Equal(rest, "records that were deleted once confirmed are skipped");
        logger.VerifyNoUnexpectedErrors();
    }

    [Fact]
    public async Task Reader_follows_appends_across_many_segments_while_the_segments_it_read_are_confirmed_and_deleted()
    {
        using var directory = new WalTestDirectory();
        var logger = new RecordingLogger<WriteAheadLog>();
        const int Producers = 4;
        const int PerProducer = 400;
        await using var wal = WalTest.Open(directory, logger, o =>
        {
            o.SegmentBytes = 1024;
            o.MaxRecordBytes = 100;
        });

        var appended = new ConcurrentDictionary<long, byte[]>();
        using var reader = wal.OpenReader(0);
        using var cancel = new CancellationTokenSource(WalTest.Timeout);
        var consumer = Task.Run(async () =>
        {
            var read = new List<WalRecord>();
            await foreach (var record in reader.ReadAllAsync(cancel.Token))
            {
                read.Add(record);
                if (read.Count % 50 == 0)
                {
                    // What a forwarder does once InfluxDB holds the records: segments behind the reader go.
                    await wal.ConfirmAsync(record.Sequence, cancel.Token);
                }

                if (read.Count == Producers * PerProducer)
                {
                    break;
                }
            }

            return read;
        });

        Task[] producers = [.. Enumerable.Range(0, Producers).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < PerProducer; i++)
            {
                var payload = WalTest.Payload((p * PerProducer) + i);
                var result = await wal.AppendAsync(payload);
                appended[result.Sequence] = payload;
            }
        }))];
        await Task.WhenAll(producers).WaitAsync(WalTest.Timeout);
        var read = await consumer.WaitAsync(WalTest.Timeout);

        read.Select(r => r.Sequence).Should().Equal(Enumerable.Range(1, Producers * PerProducer).Select(i => (long)i));
        foreach (var record in read)
        {
            record.Payload.Span.SequenceEqual(appended[record.Sequence]).Should().BeTrue();
        }

        logger.Count(WalEvents.SegmentCreated).Should().BeGreaterThan(100, "the records spread over well over a hundred segments");
        wal.SegmentCount.Should().BeLessThan(10, "segments the reader had read were confirmed and deleted");
        logger.VerifyNoUnexpectedErrors();
    }
}
