using Microsoft.Extensions.Logging;
using TeleSante.Ingestion.Wal;

namespace TeleSante.Ingestion.Tests.Wal;

public sealed class WriteAheadLogRecoveryTests
{
    private const int PayloadBytes = 40;
    private const int RecordBytes = 16 + PayloadBytes;
    private const int HeaderBytes = 24;

    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(RecordBytes - 1)]
    public async Task Torn_last_record_is_truncated_on_open_and_the_records_before_it_survive(int bytesOfLastRecordOnDisk)
    {
        using var directory = new WalTestDirectory();
        var expected = await WriteRecordsAsync(directory, 5);
        var segment = directory.Segments.Single();
        WalTest.Truncate(segment, HeaderBytes + (4 * RecordBytes) + bytesOfLastRecordOnDisk);

        var logger = new RecordingLogger<WriteAheadLog>();
        await using (var wal = WalTest.Open(directory, logger))
        {
            logger.HasLevel(WalEvents.TornTailTruncated, LogLevel.Warning).Should().BeTrue();
            wal.LastSequence.Should().Be(4);
            WalTest.ReadAvailable(wal).ShouldHold(expected[..4]);
            new FileInfo(segment).Length.Should().Be(HeaderBytes + (4 * RecordBytes));

            (await wal.AppendAsync(WalTest.Payload(5, PayloadBytes))).Should().Be(WalAppendResult.Appended(5), "sequence 5 was never acknowledged");
        }

        logger.VerifyNoUnexpectedErrors();
        var reopenLogger = new RecordingLogger<WriteAheadLog>();
        (await WalTest.ReplayAsync(directory, reopenLogger)).ShouldHold(expected);
        reopenLogger.VerifyNoWarnings();
    }

    [Fact]
    public async Task Zero_filled_tail_left_by_a_crash_is_truncated_like_a_torn_write()
    {
        using var directory = new WalTestDirectory();
        var expected = await WriteRecordsAsync(directory, 5);
        var segment = directory.Segments.Single();
        var length = new FileInfo(segment).Length;
        WalTest.Truncate(segment, length + 4096); // the filesystem extended the file but the data never landed

        var logger = new RecordingLogger<WriteAheadLog>();
        (await WalTest.ReplayAsync(directory, logger)).ShouldHold(expected);
        logger.HasLevel(WalEvents.TornTailTruncated, LogLevel.Warning).Should().BeTrue();
        logger.VerifyNoUnexpectedErrors();
        new FileInfo(segment).Length.Should().Be(length);
    }

    [Theory]
    [InlineData("payload", 16 + 7)]
    [InlineData("length", 0)]
    [InlineData("crc", 5)]
    [InlineData("sequence", 9)]
    public async Task Flipped_byte_in_the_middle_is_logged_quarantined_and_the_records_after_it_are_resynchronised(string field, int offsetInRecord)
    {
        using var directory = new WalTestDirectory();
        var written = await WriteRecordsAsync(directory, 10);
        var segment = directory.Segments.Single();
        WalTest.FlipByte(segment, HeaderBytes + (4 * RecordBytes) + offsetInRecord); // inside record 5

        var logger = new RecordingLogger<WriteAheadLog>();
        logger.ExpectErrors(WalEvents.SegmentCorrupt);
        await using (var wal = WalTest.Open(directory, logger))
        {
            logger.HasLevel(WalEvents.SegmentCorrupt, LogLevel.Error).Should().BeTrue($"a damaged {field} must be reported");
            directory.QuarantineFiles.Should().ContainSingle("the damaged original is kept for an operator");
            WalTest.ReadAvailable(wal).ShouldHold([.. written.Where(r => r.Item1 != 5)]);
            wal.LastSequence.Should().Be(10);
            (await wal.AppendAsync(WalTest.Payload(11))).Should().Be(WalAppendResult.Appended(11));
        }

        logger.VerifyNoUnexpectedErrors();
        var reopenLogger = new RecordingLogger<WriteAheadLog>();
        (await WalTest.ReplayAsync(directory, reopenLogger)).Select(r => r.Sequence).Should().Equal(1, 2, 3, 4, 6, 7, 8, 9, 10, 11);
        reopenLogger.VerifyNoWarnings();
    }

    [Fact]
    public async Task Damage_in_a_sealed_segment_and_in_a_segment_header_loses_only_the_damaged_bytes()
    {
        using var directory = new WalTestDirectory();
        // 17 records per 1 KiB segment: 40 records over 3 segments.
        var written = await WriteRecordsAsync(directory, 40, segmentBytes: 1024);
        var segments = directory.Segments;
        segments.Should().HaveCount(3);
        WalTest.FlipByte(segments[0], HeaderBytes + RecordBytes + 20); // record 2, first (sealed) segment
        WalTest.FlipByte(segments[1], 3);                               // magic of the second segment's header

        var logger = new RecordingLogger<WriteAheadLog>();
        logger.ExpectErrors(WalEvents.SegmentCorrupt);
        (await WalTest.ReplayAsync(directory, logger)).ShouldHold([.. written.Where(r => r.Item1 != 2)]);
        logger.Count(WalEvents.SegmentCorrupt).Should().Be(2);
        directory.QuarantineFiles.Should().HaveCount(2);
        logger.VerifyNoUnexpectedErrors();
    }

    [Fact]
    public async Task Repair_interrupted_by_a_crash_is_completed_on_the_next_open_without_duplicates()
    {
        using var directory = new WalTestDirectory();
        var written = await WriteRecordsAsync(directory, 10);
        WalTest.FlipByte(directory.Segments.Single(), HeaderBytes + (4 * RecordBytes) + 20);

        // Repair a copy, then put the segment it extracted for records 6..10 next to the still-damaged original:
        // the state a crash leaves after the extraction but before the original was replaced.
        using (var repaired = directory.Copy())
        {
            var repairLogger = new RecordingLogger<WriteAheadLog>();
            await using (WalTest.Open(repaired, repairLogger))
            {
            }

            var extracted = repaired.Segments.Single(s => Path.GetFileName(s) == "00000000000000000006.wal");
            File.Copy(extracted, Path.Combine(directory.Path, Path.GetFileName(extracted)));
        }

        var logger = new RecordingLogger<WriteAheadLog>();
        logger.ExpectErrors(WalEvents.SegmentCorrupt);
        (await WalTest.ReplayAsync(directory, logger)).ShouldHold([.. written.Where(r => r.Item1 != 5)]);
        logger.Count(WalEvents.SegmentOutOfOrder).Should().Be(0);
        logger.VerifyNoUnexpectedErrors();
    }

    [Fact]
    public async Task Segment_whose_creation_was_interrupted_is_deleted_and_its_sequence_reused()
    {
        using var directory = new WalTestDirectory();
        var written = await WriteRecordsAsync(directory, 3);
        await File.WriteAllBytesAsync(Path.Combine(directory.Path, "00000000000000000004.wal"), new byte[10]);

        var logger = new RecordingLogger<WriteAheadLog>();
        await using (var wal = WalTest.Open(directory, logger))
        {
            logger.HasLevel(WalEvents.IncompleteSegmentDeleted, LogLevel.Warning).Should().BeTrue();
            WalTest.ReadAvailable(wal).ShouldHold(written);
            (await wal.AppendAsync(WalTest.Payload(4))).Should().Be(WalAppendResult.Appended(4));
        }

        logger.VerifyNoUnexpectedErrors();
    }

    [Fact]
    public async Task Unreadable_checkpoint_is_reported_and_everything_still_on_disk_is_replayed()
    {
        using var directory = new WalTestDirectory();
        var written = await WriteRecordsAsync(directory, 6, confirm: 3);
        WalTest.FlipByte(Path.Combine(directory.Path, "checkpoint"), 10);

        var logger = new RecordingLogger<WriteAheadLog>();
        logger.ExpectErrors(WalEvents.CheckpointInvalid);
        await using (var wal = WalTest.Open(directory, logger))
        {
            logger.HasLevel(WalEvents.CheckpointInvalid, LogLevel.Error).Should().BeTrue();
            wal.ConfirmedSequence.Should().Be(0);
            WalTest.ReadAvailable(wal, wal.ConfirmedSequence).ShouldHold(written);
        }

        logger.VerifyNoUnexpectedErrors();
    }

    [Fact]
    public async Task Second_log_on_the_same_directory_is_refused()
    {
        using var directory = new WalTestDirectory();
        await using var wal = WalTest.Open(directory, new RecordingLogger<WriteAheadLog>());

        FluentActions.Invoking(() => WalTest.Open(directory, new RecordingLogger<WriteAheadLog>())).Should().Throw<IOException>();
    }

    private static async Task<List<(long, byte[])>> WriteRecordsAsync(WalTestDirectory directory, int count, long? segmentBytes = null, long confirm = 0)
    {
        var logger = new RecordingLogger<WriteAheadLog>();
        var written = new List<(long, byte[])>();
        await using (var wal = WalTest.Open(directory, logger, o =>
        {
            o.MaxRecordBytes = PayloadBytes;
            o.SegmentBytes = segmentBytes ?? 1024 * 1024;
        }))
        {
            for (var i = 1; i <= count; i++)
            {
                var payload = WalTest.Payload(i, PayloadBytes);
                (await wal.AppendAsync(payload)).Should().Be(WalAppendResult.Appended(i));
                written.Add((i, payload));
            }

            if (confirm > 0)
            {
                await wal.ConfirmAsync(confirm);
            }
        }

        logger.VerifyNoUnexpectedErrors();
        return written;
    }
}
