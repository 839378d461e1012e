using Microsoft.Extensions.Time.Testing;
using TeleSante.Ingestion.Wal;
using TeleSante.Ingestion.Wal.Internal;

namespace TeleSante.Ingestion.Tests.Wal;

public sealed class WriteAheadLogCapacityTests
{
    // 100-byte payloads make 116-byte records: 8 per 1 KiB segment (24-byte header).
    private const int PayloadBytes = 100;
    private const int RecordsPerSegment = 8;

    [Fact]
    public async Task Confirm_deletes_only_fully_confirmed_segments_and_the_checkpoint_survives_reopen()
    {
        using var directory = new WalTestDirectory();
        var logger = new RecordingLogger<WriteAheadLog>();
        var written = new List<(long Sequence, byte[] Payload)>();
        await using (var wal = WalTest.Open(directory, logger, SmallSegments))
        {
            foreach (var sequence in await WalTest.AppendRangeAsync(wal, 1, 5 * RecordsPerSegment, Payload))
            {
                written.Add((sequence, Payload(sequence)));
            }

            wal.SegmentCount.Should().Be(5);
            var before = directory.Segments;

            await wal.ConfirmAsync(RecordsPerSegment + 4); // all of segment 1, half of segment 2

            wal.ConfirmedSequence.Should().Be(RecordsPerSegment + 4);
            directory.Segments.Should().Equal(before[1..], "only the segment whose records are all confirmed goes");
            wal.SegmentCount.Should().Be(4);
            wal.SizeBytes.Should().Be(directory.SegmentBytes);

            await wal.ConfirmAsync(3); // behind the checkpoint: nothing to do
            wal.ConfirmedSequence.Should().Be(RecordsPerSegment + 4);
        }

        var reopenLogger = new RecordingLogger<WriteAheadLog>();
        await using (var reopened = WalTest.Open(directory, reopenLogger))
        {
            reopened.ConfirmedSequence.Should().Be(RecordsPerSegment + 4);
            WalTest.ReadAvailable(reopened, reopened.ConfirmedSequence).ShouldHold(written[(RecordsPerSegment + 4)..]);

            // Everything confirmed: every segment but the one appends continue in is deleted.
            await reopened.ConfirmAsync(reopened.LastSequence);
            reopened.SegmentCount.Should().Be(1);
        }

        await using (var empty = WalTest.Open(directory, reopenLogger))
        {
            empty.LastSequence.Should().Be(5 * RecordsPerSegment);
            WalTest.ReadAvailable(empty, empty.ConfirmedSequence).Should().BeEmpty();
            (await empty.AppendAsync(Payload(0))).Sequence.Should().Be((5 * RecordsPerSegment) + 1, "sequences continue after everything was confirmed");
        }

        reopenLogger.VerifyNoWarnings();
        logger.VerifyNoUnexpectedErrors();
    }

    [Fact]
    public async Task Confirm_beyond_the_last_durable_sequence_is_refused()
    {
        using var directory = new WalTestDirectory();
        await using var wal = WalTest.Open(directory, new RecordingLogger<WriteAheadLog>());
        await WalTest.AppendRangeAsync(wal, 1, 3);

        await FluentActions.Awaiting(() => wal.ConfirmAsync(4).AsTask()).Should().ThrowAsync<ArgumentOutOfRangeException>();
        wal.ConfirmedSequence.Should().Be(0);
    }

    [Fact]
    public async Task Exhausted_disk_budget_answers_Full_without_writing_until_a_confirm_frees_segments()
    {
        using var directory = new WalTestDirectory();
        var logger = new RecordingLogger<WriteAheadLog>();
        await using var wal = WalTest.Open(directory, logger, o =>
        {
            SmallSegments(o);
            o.DiskBudgetBytes = 4096;
        });

        WalAppendResult result;
        var appended = 0;
        while ((result = await wal.AppendAsync(Payload(appended + 1))).IsAppended)
        {
            appended++;
        }

        // Four full segments (4 x 952 bytes) and a fifth with two records make 4064 bytes: one more record would
        // take the log to 4180, past the budget.
        result.Should().Be(WalAppendResult.Full);
        appended.Should().Be((4 * RecordsPerSegment) + 2);
        wal.SizeBytes.Should().Be(4064);
        wal.IsFull.Should().BeTrue();
        wal.SizeBytes.Should().BeLessThanOrEqualTo(4096).And.Be(directory.SegmentBytes);
        var bytesOnDisk = directory.SegmentBytes;
        (await wal.AppendAsync(Payload(0))).Should().Be(WalAppendResult.Full);
        directory.SegmentBytes.Should().Be(bytesOnDisk, "a refused append writes nothing");
        wal.LastSequence.Should().Be(appended);
        wal.RejectedFullCount.Should().Be(2);
        logger.Count(WalEvents.Full).Should().Be(1, "one warning per episode, not per refusal");

        // No wait before asserting: only a confirm (none yet) or the disk probe (which finds the same full log)
        // can complete it, so a pause would prove nothing more.
        var capacity = wal.WaitForCapacityAsync();
        capacity.IsCompleted.Should().BeFalse("nothing was freed yet");

        await wal.ConfirmAsync(RecordsPerSegment);
        await capacity.WaitAsync(WalTest.Timeout);
        wal.IsFull.Should().BeFalse();
        (await wal.AppendAsync(Payload(0))).Should().Be(WalAppendResult.Appended(appended + 1));
        logger.VerifyNoUnexpectedErrors();
    }

    [Fact]
    public async Task Free_disk_space_below_the_floor_answers_Full_until_space_comes_back()
    {
        using var directory = new WalTestDirectory();
        var logger = new RecordingLogger<WriteAheadLog>();
        var time = new FakeTimeProvider();
        long freeDiskBytes = 512 * 1024;
        var hooks = new WalTestHooks { FreeDiskBytes = () => Interlocked.Read(ref freeDiskBytes) };
        await using var wal = WalTest.Open(directory, logger, o => o.MinFreeDiskBytes = 1024 * 1024, hooks, time);

        (await wal.AppendAsync(Payload(1))).Should().Be(WalAppendResult.Full);
        directory.SegmentBytes.Should().Be(0);

        var capacity = wal.WaitForCapacityAsync();
        capacity.IsCompleted.Should().BeFalse();

        // An operator frees the disk: no event reaches the log, the waiter finds out at its next probe.
        Interlocked.Exchange(ref freeDiskBytes, 1024L * 1024 * 1024);
        time.Advance(TimeSpan.FromSeconds(1));
        await capacity.WaitAsync(WalTest.Timeout);

        (await wal.AppendAsync(Payload(1))).Should().Be(WalAppendResult.Appended(1));
        logger.VerifyNoUnexpectedErrors();
    }

    [Fact]
    public async Task WaitForCapacityAsync_completes_at_once_when_the_log_is_not_full_and_fails_once_it_is_disposed()
    {
        using var directory = new WalTestDirectory();
        var wal = WalTest.Open(directory, new RecordingLogger<WriteAheadLog>());
        await wal.WaitForCapacityAsync().WaitAsync(WalTest.Timeout);
        await wal.DisposeAsync();

        await FluentActions.Awaiting(() => wal.WaitForCapacityAsync()).Should().ThrowAsync<ObjectDisposedException>();
    }

    private static void SmallSegments(WalOptions options)
    {
        options.SegmentBytes = 1024;
        options.MaxRecordBytes = PayloadBytes;
    }

    private static byte[] Payload(long index) => WalTest.Payload(index, PayloadBytes);
}
