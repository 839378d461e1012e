using TeleSante.Ingestion.Wal;
using TeleSante.Ingestion.Wal.Internal;

namespace TeleSante.Ingestion.Tests.Wal;

public sealed class WriteAheadLogAppendTests
{
    [Fact]
    public async Task Append_completes_only_after_the_record_is_fsynced_and_is_replayed_after_reopen()
    {
        using var directory = new WalTestDirectory();
        var logger = new RecordingLogger<WriteAheadLog>();
        using var fsyncEntered = new ManualResetEventSlim();
        using var fsyncMayProceed = new ManualResetEventSlim();
        var hooks = new WalTestHooks
        {
            BeforeFsync = _ =>
            {
                fsyncEntered.Set();
                // Holds the writer inside its group commit, between the write and the fsync.
                fsyncMayProceed.Wait(WalTest.Timeout);
            },
        };

        var expected = new List<(long Sequence, byte[] Payload)>();
        await using (var wal = WalTest.Open(directory, logger, hooks: hooks))
        {
            var first = WalTest.Payload(1);
            var append = wal.AppendAsync(first).AsTask();
            fsyncEntered.Wait(WalTest.Timeout).Should().BeTrue();

            append.IsCompleted.Should().BeFalse("the record is written but not fsync'd yet");
            wal.LastSequence.Should().Be(0);
            WalTest.ReadAvailable(wal).Should().BeEmpty("readers only see fsync'd records");

            fsyncMayProceed.Set();
            (await append.WaitAsync(WalTest.Timeout)).Should().Be(WalAppendResult.Appended(1));
            wal.LastSequence.Should().Be(1);
            expected.Add((1, first));

            // Varied sizes, the empty payload included.
            for (var i = 2; i <= 30; i++)
            {
                var payload = i == 7 ? [] : WalTest.Payload(i);
                var result = await wal.AppendAsync(payload);
                result.Should().Be(WalAppendResult.Appended(i));
                expected.Add((i, payload));
            }

            wal.AppendCount.Should().Be(30);
            wal.BytesWritten.Should().Be(expected.Sum(e => 16L + e.Payload.Length));
        }

        var reopenLogger = new RecordingLogger<WriteAheadLog>();
        await using (var reopened = WalTest.Open(directory, reopenLogger))
        {
            reopened.LastSequence.Should().Be(30);
            WalTest.ReadAvailable(reopened).ShouldHold(expected);
            (await reopened.AppendAsync(WalTest.Payload(31))).Should().Be(WalAppendResult.Appended(31), "sequences continue after a restart");
        }

        reopenLogger.VerifyNoWarnings();
        logger.VerifyNoUnexpectedErrors();
    }

    [Fact]
    public async Task Concurrent_appends_share_fsyncs_and_complete_in_the_order_they_were_queued()
    {
        using var directory = new WalTestDirectory();
        var logger = new RecordingLogger<WriteAheadLog>();
        const int Appends = 2000;
        const int GroupMax = 64;
        await using var wal = WalTest.Open(directory, logger, o => o.GroupCommitMaxRecords = GroupMax);

        var acknowledgedBeforeDurable = 0;
        var appends = new Task<WalAppendResult>[Appends];
        for (var i = 0; i < Appends; i++)
        {
            appends[i] = wal.AppendAsync(WalTest.Payload(i)).AsTask();
            _ = appends[i].ContinueWith(
                t =>
                {
                    if (wal.LastSequence < t.Result.Sequence)
                    {
                        Interlocked.Increment(ref acknowledgedBeforeDurable);
                    }
                },
                TaskContinuationOptions.ExecuteSynchronously);
        }

        var results = await Task.WhenAll(appends).WaitAsync(WalTest.Timeout);

        results.Select(r => r.Sequence).Should().Equal(Enumerable.Range(1, Appends).Select(i => (long)i), "sequences follow the queue order");
        acknowledgedBeforeDurable.Should().Be(0);
        wal.AppendCount.Should().Be(Appends);
        wal.FsyncCount.Should().BeLessThan(Appends / 10, "queued appends share one fsync per group");
        wal.FsyncCount.Should().BeGreaterThanOrEqualTo(Appends / GroupMax, $"a group holds at most {GroupMax} records");
        WalTest.ReadAvailable(wal).Select(r => r.Sequence).Should().Equal(results.Select(r => r.Sequence));
        logger.VerifyNoUnexpectedErrors();
    }

    [Fact]
    public async Task Payload_above_MaxRecordBytes_is_refused_as_TooLarge_and_nothing_is_written()
    {
        using var directory = new WalTestDirectory();
        var logger = new RecordingLogger<WriteAheadLog>();
        await using var wal = WalTest.Open(directory, logger, o => o.MaxRecordBytes = 100);

        (await wal.AppendAsync(new byte[101])).Should().Be(WalAppendResult.TooLarge);
        wal.SizeBytes.Should().Be(0);
        directory.SegmentBytes.Should().Be(0);
        wal.RejectedTooLargeCount.Should().Be(1);

        (await wal.AppendAsync(new byte[100])).Should().Be(WalAppendResult.Appended(1));
        logger.VerifyNoUnexpectedErrors();
    }

    [Fact]
    public async Task DisposeAsync_with_queued_appends_writes_or_refuses_each_of_them_and_does_not_hang()
    {
        using var directory = new WalTestDirectory();
        var logger = new RecordingLogger<WriteAheadLog>();
        using var writerMayProceed = new ManualResetEventSlim();
        var hooks = new WalTestHooks { BeforeFsync = _ => writerMayProceed.Wait(WalTest.Timeout) };
        var wal = WalTest.Open(directory, logger, o => o.AppendQueueCapacity = 8, hooks);

        // The writer is held in its first group commit, the queue fills up, and the other callers wait for room
        // when disposal starts.
        Task<WalAppendResult>[] appends = [.. Enumerable.Range(1, 500).Select(i => wal.AppendAsync(WalTest.Payload(i)).AsTask())];
        var disposing = wal.DisposeAsync().AsTask();
        writerMayProceed.Set();
        await disposing.WaitAsync(WalTest.Timeout);

        var appended = new List<long>();
        var refused = 0;
        foreach (var append in appends)
        {
            try
            {
                var result = await append.WaitAsync(WalTest.Timeout);
                result.Status.Should().Be(WalAppendStatus.Appended);
                appended.Add(result.Sequence);
            }
            catch (ObjectDisposedException)
            {
                refused++;
            }
        }

        (appended.Count + refused).Should().Be(appends.Length);
        appended.Should().NotBeEmpty("appends already queued are written during disposal");
        refused.Should().BePositive("callers still waiting for queue room are refused");
        appended.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
        await FluentActions.Awaiting(() => wal.AppendAsync(WalTest.Payload(0)).AsTask()).Should().ThrowAsync<ObjectDisposedException>();

        var replayed = await WalTest.ReplayAsync(directory);
        replayed.Select(r => r.Sequence).Should().Equal(appended, "everything acknowledged before disposal is durable");
        logger.VerifyNoUnexpectedErrors();
    }

    /// <summary>
    /// The same with the concurrent appenders a loaded gateway has: every append of the failed group is refused (the
    /// device resends), the segment is never written again (Linux may have dropped its dirty pages), and after a
    /// restart every acknowledged batch is there exactly once and no refused one is.
    /// </summary>
    [Fact]
    public async Task Failed_fsync_under_concurrent_appends_refuses_its_group_and_loses_no_acknowledged_record()
    {
        using var directory = new WalTestDirectory();
        var logger = new RecordingLogger<WriteAheadLog>();
        logger.ExpectErrors(WalEvents.WriteFailed);
        var fsyncs = 0;
        var hooks = new WalTestHooks
        {
            BeforeFsync = _ =>
            {
                if (Interlocked.Increment(ref fsyncs) == 5)
                {
                    throw new IOException("simulated EIO from fsync");
                }
            },
        };

        var acknowledged = new System.Collections.Concurrent.ConcurrentDictionary<long, byte[]>();
        var refused = 0;
        await using (var wal = WalTest.Open(directory, logger, hooks: hooks))
        {
            await Task.WhenAll(Enumerable.Range(0, 8).Select(appender => Task.Run(async () =>
            {
                for (var i = 0; i < 40; i++)
                {
                    var payload = WalTest.Payload((appender * 1000) + i);
                    try
                    {
                        var result = await wal.AppendAsync(payload);
                        result.Status.Should().Be(WalAppendStatus.Appended);
                        acknowledged.TryAdd(result.Sequence, payload).Should().BeTrue();
                    }
                    catch (IOException)
                    {
                        Interlocked.Increment(ref refused);
                    }
                }
            }))).WaitAsync(WalTest.Timeout);

            refused.Should().BePositive();
            (acknowledged.Count + refused).Should().Be(8 * 40);
            directory.Segments.Should().HaveCount(2, "appends after the failure go to a new segment");
            var retired = directory.Segments[0];
            var retiredLength = new FileInfo(retired).Length;
            var after = await wal.AppendAsync(WalTest.Payload(99_999));
            acknowledged[after.Sequence] = WalTest.Payload(99_999);
            new FileInfo(retired).Length.Should().Be(retiredLength, "the segment whose fsync failed is never written again");
        }

        var reopenLogger = new RecordingLogger<WriteAheadLog>();
        var replayed = await WalTest.ReplayAsync(directory, reopenLogger);
        replayed.ShouldHold([.. acknowledged.OrderBy(a => a.Key).Select(a => (a.Key, a.Value))]);
        reopenLogger.VerifyNoWarnings();
        logger.VerifyNoUnexpectedErrors();
    }

    [Fact]
    public async Task Failed_fsync_fails_its_appends_and_the_log_continues_in_a_new_segment()
    {
        using var directory = new WalTestDirectory();
        var logger = new RecordingLogger<WriteAheadLog>();
        logger.ExpectErrors(WalEvents.WriteFailed);
        var failNext = 0;
        var hooks = new WalTestHooks
        {
            BeforeFsync = _ =>
            {
                if (Interlocked.Exchange(ref failNext, 0) == 1)
                {
                    throw new IOException("simulated EIO from fsync");
                }
            },
        };

        var expected = new List<(long Sequence, byte[] Payload)>();
        await using (var wal = WalTest.Open(directory, logger, hooks: hooks))
        {
            foreach (var sequence in await WalTest.AppendRangeAsync(wal, 1, 3))
            {
                expected.Add((sequence, WalTest.Payload(sequence)));
            }

            Volatile.Write(ref failNext, 1);
            await FluentActions.Awaiting(() => wal.AppendAsync(WalTest.Payload(99)).AsTask())
                .Should().ThrowAsync<IOException>().WithMessage("simulated EIO*");
            wal.LastSequence.Should().Be(3, "the failed record was not acknowledged");
            logger.Count(WalEvents.WriteFailed).Should().Be(1);

            var next = await wal.AppendAsync(WalTest.Payload(5));
            next.Should().Be(WalAppendResult.Appended(5), "the failed record's sequence is never reused");
            expected.Add((5, WalTest.Payload(5)));
            wal.SegmentCount.Should().Be(2, "the segment that failed is never written again");
            WalTest.ReadAvailable(wal).ShouldHold(expected);
        }

        var reopenLogger = new RecordingLogger<WriteAheadLog>();
        (await WalTest.ReplayAsync(directory, reopenLogger)).ShouldHold(expected);
        reopenLogger.VerifyNoWarnings();
        logger.VerifyNoUnexpectedErrors();
    }
}
