using System.Collections.Concurrent;
using TeleSante.SegmentLog.Internal;

namespace TeleSante.SegmentLog.Tests;

public sealed class SegmentedLogFailureTests
{
    private const int WriteFailed = 1209;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Linux may drop the dirty pages of a failed fsync and report success at the next one (PostgreSQL's
    /// "fsyncgate", 2018): the group whose fsync failed is refused, its segment is never written again, and
    /// everything acknowledged before and after comes back exactly once after a restart.
    /// </summary>
    [Fact]
    public async Task A_failed_fsync_refuses_its_group_retires_the_segment_and_every_acknowledged_record_survives_a_restart()
    {
        using var directory = new LogTestDirectory();
        var logger = new RecordingLogger();
        logger.ExpectErrors(WriteFailed);
        var fsyncs = 0;
        var hooks = new LogTestHooks
        {
            // The fifth group's fsync fails, whoever is in it.
            BeforeFsync = _ =>
            {
                if (Interlocked.Increment(ref fsyncs) == 5)
                {
                    throw new IOException("simulated EIO from fsync");
                }
            },
        };

        var acknowledged = new ConcurrentDictionary<long, byte[]>();
        var refused = 0;
        string retired;
        long retiredLength;
        await using (var log = SegmentedLog.Open(Options(directory), TimeProvider.System, logger, hooks))
        {
            // Concurrent appenders, so that the failing group holds several of them.
            await Task.WhenAll(Enumerable.Range(0, 8).Select(appender => Task.Run(async () =>
            {
                for (var i = 0; i < 40; i++)
                {
                    var payload = Payload((appender * 1000) + i);
                    try
                    {
                        var result = await log.AppendAsync(payload);
                        result.Status.Should().Be(AppendStatus.Appended);
                        acknowledged.TryAdd(result.Sequence, payload).Should().BeTrue("a sequence names one record");
                    }
                    catch (IOException)
                    {
                        Interlocked.Increment(ref refused);
                    }
                }
            }))).WaitAsync(Timeout);

            refused.Should().BePositive("the appends of the failed group are refused, not acknowledged");
            (acknowledged.Count + refused).Should().Be(8 * 40);
            logger.Count(WriteFailed).Should().Be(1);
            directory.Segments.Should().HaveCount(2, "the appends after the failure went to a new segment");
            retired = directory.Segments[0];
            retiredLength = new FileInfo(retired).Length;

            var after = await log.AppendAsync(Payload(99_999));
            acknowledged[after.Sequence] = Payload(99_999);
            new FileInfo(retired).Length.Should().Be(retiredLength, "the retired segment is never written again");
            LogContents.Read(log).Should().BeEquivalentTo(acknowledged);
        }

        var reopenLogger = new RecordingLogger();
        await using (var reopened = SegmentedLog.Open(Options(directory), TimeProvider.System, reopenLogger))
        {
            var replayed = LogContents.Read(reopened);
            replayed.Keys.Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
            replayed.Should().BeEquivalentTo(acknowledged, "every acknowledged record comes back once, and no refused one");
        }

        reopenLogger.VerifyNoWarnings();
        logger.VerifyNoUnexpectedErrors();
    }

    [Fact]
    public async Task Imported_segments_open_with_their_sequences_and_appends_continue_after_them()
    {
        using var directory = new LogTestDirectory();
        ReadOnlyMemory<byte>[] first = [Payload(1), Payload(2), Payload(3)];
        ReadOnlyMemory<byte>[] second = [Payload(7), Payload(8)];
        SegmentedLogImport.WriteSegment(directory.Path, 1, first);
        SegmentedLogImport.WriteSegment(directory.Path, 7, second);
        SegmentedLogImport.WriteSegment(directory.Path, 7, second); // a repeated upgrade leaves the same segment

        var logger = new RecordingLogger();
        await using var log = SegmentedLog.Open(Options(directory), TimeProvider.System, logger);
        var records = LogContents.Read(log);
        records.Keys.Should().Equal(1, 2, 3, 7, 8);
        records[8].Should().Equal(Payload(8));
        (await log.AppendAsync(Payload(9))).Should().Be(AppendResult.Appended(9));
        logger.VerifyNoWarnings();
    }

    private static SegmentedLogOptions Options(LogTestDirectory directory) =>
        new() { Directory = directory.Path, MinFreeDiskBytes = 0, SegmentBytes = 1 << 20, MaxRecordBytes = 4096, DiskBudgetBytes = 64 << 20 };

    private static byte[] Payload(int index)
    {
        var payload = new byte[10 + (index * 37 % 200)];
        new Random(index).NextBytes(payload);
        return payload;
    }
}
