using Microsoft.Extensions.Logging;
using TeleSante.Contracts.V1;
using TeleSante.SegmentLog;
using TeleSante.SegmentLog.Internal;
using TeleSante.StationAgent.Internal;
using TeleSante.StationAgent.Tests.Infrastructure;

namespace TeleSante.StationAgent.Tests;

public sealed class DiskOutboxTests : IDisposable
{
    // Event ids of the shared segment log, logged through the outbox's logger.
    private const int TornTailTruncated = 1201;
    private const int SegmentCorrupt = 1203;
    private const int WriteFailed = 1209;

    private readonly string _directory = Directory.CreateTempSubdirectory("telesante-outbox-").FullName;
    private readonly RecordingLoggerProvider _logs = new();
    private readonly AgentStatus _status = new();

    private string SegmentsDirectory => Path.Combine(_directory, OutboxFormat.LogDirectoryName);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Appended_entries_are_read_back_in_order_with_their_batch_and_line()
    {
        await using var outbox = Open();
        var ids = await outbox.AppendAsync([Draft("dev-a", 10), Draft("dev-a", 11), Draft("dev-b", 3)], CancellationToken.None);
        ids.Should().Equal(1, 2, 3);

        var entries = outbox.ReadAfter(0, 10);
        entries.Select(e => (e.Id, e.Batch.DeviceId, e.Batch.Seq)).Should().Equal((1, "dev-a", 10UL), (2, "dev-a", 11UL), (3, "dev-b", 3UL));
        entries[0].Batch.Should().Be(Draft("dev-a", 10).Batch);
        entries[0].Line.Should().Be(Draft("dev-a", 10).Line);
        outbox.ReadAfter(1, 1).Should().ContainSingle().Which.Id.Should().Be(2);
        outbox.LastTakenSeq("dev-a").Should().Be(11);
        _status.OutboxPending.Should().Be(3);
    }

    [Fact]
    public async Task Entries_and_last_seq_per_device_survive_a_restart()
    {
        await using (var outbox = Open())
        {
            await outbox.AppendAsync([Draft("dev-a", 10), Draft("dev-b", 7)], CancellationToken.None);
        }

        await using var reopened = Open();
        reopened.ReadAfter(0, 10).Select(e => e.Batch.Seq).Should().Equal(10UL, 7UL);
        reopened.LastTakenSeq("dev-a").Should().Be(10);
        reopened.LastTakenSeq("dev-b").Should().Be(7);
        (await reopened.AppendAsync([Draft("dev-a", 11)], CancellationToken.None)).Should().Equal(3);
    }

    public static TheoryData<string> TornTails => ["half a record", "record with its CRC wrong", "zeros after the last record", "a few header bytes"];

    [Theory]
    [MemberData(nameof(TornTails))]
    public async Task A_torn_tail_left_by_a_crash_is_cut_and_appends_continue_after_the_last_whole_record(string tail)
    {
        long intactLength;
        byte[] record;
        await using (var outbox = Open())
        {
            await outbox.AppendAsync([Draft("dev-a", 1), Draft("dev-a", 2), Draft("dev-a", 3)], CancellationToken.None);
            intactLength = new FileInfo(SingleSegment()).Length;

            // A fourth record exactly as the outbox writes it, taken off the end again: the crash cut its write.
            await outbox.AppendAsync([Draft("dev-a", 4)], CancellationToken.None);
        }

        record = File.ReadAllBytes(SingleSegment())[(int)intactLength..];
        using (var file = new FileStream(SingleSegment(), FileMode.Open))
        {
            file.SetLength(intactLength);
        }

        var torn = tail switch
        {
            "half a record" => record[..(record.Length / 2)],
            "record with its CRC wrong" => Flip(record, record.Length - 1),
            "zeros after the last record" => new byte[4096],
            _ => record[..5],
        };
        using (var file = new FileStream(SingleSegment(), FileMode.Append))
        {
            file.Write(torn);
        }

        await using (var recovered = Open())
        {
            new FileInfo(SingleSegment()).Length.Should().Be(intactLength);
            recovered.ReadAfter(0, 10).Select(e => e.Batch.Seq).Should().Equal(1UL, 2UL, 3UL);
            (await recovered.AppendAsync([Draft("dev-a", 5)], CancellationToken.None)).Should().Equal(4);
        }

        _logs.Log.Entries.Should().Contain(l => l.EventId.Id == TornTailTruncated && l.Level == LogLevel.Warning);
        await using var again = Open();
        again.ReadAfter(0, 10).Select(e => e.Batch.Seq).Should().Equal(1UL, 2UL, 3UL, 5UL);
    }

    [Fact]
    public async Task A_flipped_bit_inside_an_older_segment_is_detected_kept_aside_and_reported_as_an_error()
    {
        await using (var outbox = Open(segmentBytes: 4096))
        {
            for (ulong seq = 1; seq <= 80; seq++)
            {
                await outbox.AppendAsync([Draft("dev-a", seq)], CancellationToken.None);
            }

            outbox.SegmentCount.Should().BeGreaterThan(2);
        }

        var first = Segments().First();
        var bytes = File.ReadAllBytes(first);
        var recordSize = SegmentedLogOptions.RecordHeaderBytes + OutboxFormat.EncodePayload(Draft("dev-a", 1)).Length;
        var damagedAt = SegmentedLogOptions.SegmentHeaderBytes + (5 * recordSize) + 30;
        File.WriteAllBytes(first, Flip(bytes, damagedAt));

        await using var recovered = Open(segmentBytes: 4096);
        var seqs = recovered.ReadAfter(0, 1000).Select(e => e.Batch.Seq).ToList();
        seqs.Should().StartWith([1UL, 2UL, 3UL, 4UL, 5UL]);
        seqs.Should().NotContain(6UL);
        seqs.Should().EndWith([78UL, 79UL, 80UL], "later segments are intact");
        Directory.GetFiles(SegmentsDirectory, "*.corrupt").Should().ContainSingle();
        _logs.Log.Entries.Should().Contain(l => l.EventId.Id == SegmentCorrupt && l.Level == LogLevel.Error);
    }

    [Fact]
    public async Task Acknowledged_entries_are_not_sent_again_after_a_restart_and_their_segments_are_deleted()
    {
        await using (var outbox = Open(segmentBytes: 4096))
        {
            for (ulong seq = 1; seq <= 80; seq++)
            {
                await outbox.AppendAsync([Draft("dev-a", seq)], CancellationToken.None);
            }

            var segmentsBefore = outbox.SegmentCount;
            foreach (var entry in outbox.ReadAfter(0, 60))
            {
                outbox.Acknowledge(entry);
            }

            await outbox.PersistAcknowledgementsAsync();
            outbox.SegmentCount.Should().BeLessThan(segmentsBefore);
            outbox.PendingCount.Should().Be(20);
        }

        await using var reopened = Open(segmentBytes: 4096);
        reopened.AckedId.Should().Be(60);
        reopened.ReadAfter(reopened.AckedId, 1000).Select(e => e.Batch.Seq).Should().Equal(Enumerable.Range(61, 20).Select(i => (ulong)i));
    }

    [Fact]
    public async Task Answers_not_yet_checkpointed_when_the_agent_dies_are_resent_never_skipped()
    {
        await using (var outbox = Open())
        {
            await outbox.AppendAsync([Draft("dev-a", 1), Draft("dev-a", 2), Draft("dev-a", 3)], CancellationToken.None);
            var entries = outbox.ReadAfter(0, 10);
            outbox.Acknowledge(entries[0]);
            await outbox.PersistAcknowledgementsAsync();
            outbox.Acknowledge(entries[1]); // answered, but the process dies before the checkpoint
        }

        await using var reopened = Open();
        reopened.ReadAfter(reopened.AckedId, 10).Select(e => e.Batch.Seq).Should().Equal(2UL, 3UL);
    }

    [Fact]
    public async Task The_last_seq_of_a_device_is_remembered_after_all_its_entries_were_answered_and_deleted()
    {
        await using (var outbox = Open(segmentBytes: 4096))
        {
            for (ulong seq = 100; seq < 140; seq++)
            {
                await outbox.AppendAsync([Draft("dev-gone", seq)], CancellationToken.None);
            }

            for (ulong seq = 1; seq <= 40; seq++)
            {
                await outbox.AppendAsync([Draft("dev-other", seq)], CancellationToken.None);
            }

            foreach (var entry in outbox.ReadAfter(0, 1000))
            {
                outbox.Acknowledge(entry);
            }

            await outbox.PersistAcknowledgementsAsync();
        }

        await using var reopened = Open(segmentBytes: 4096);
        reopened.ReadAfter(0, 1000).Should().NotContain(e => e.Batch.DeviceId == "dev-gone");
        reopened.LastTakenSeq("dev-gone").Should().Be(139);
    }

    [Fact]
    public async Task A_full_outbox_refuses_new_entries_and_says_so_until_answers_free_room()
    {
        await using var outbox = Open(segmentBytes: 4096, maxBytes: 16 * 1024);
        var taken = new List<long>();
        long?[] ids;
        ulong seq = 0;
        do
        {
            ids = await outbox.AppendAsync([Draft("dev-a", ++seq)], CancellationToken.None);
            taken.AddRange(ids.OfType<long>());
        }
        while (ids[0] is not null);

        outbox.SizeBytes.Should().BeLessThanOrEqualTo(16 * 1024);
        _status.OutboxFull.Should().BeTrue();
        _logs.Log.Entries.Should().ContainSingle(l => l.EventId.Id == 2102 && l.Level == LogLevel.Error);
        (await outbox.AppendAsync([Draft("dev-a", ++seq)], CancellationToken.None)).Should().Equal([null]);

        foreach (var entry in outbox.ReadAfter(0, 1000))
        {
            outbox.Acknowledge(entry);
        }

        await outbox.PersistAcknowledgementsAsync();
        (await outbox.AppendAsync([Draft("dev-a", ++seq)], CancellationToken.None)).Single().Should().NotBeNull();
        _status.OutboxFull.Should().BeFalse();
    }

    [Fact]
    public async Task A_refused_entry_is_kept_with_the_gateway_reason_before_it_leaves_the_queue()
    {
        await using var outbox = Open();
        await outbox.AppendAsync([Draft("dev-a", 1), Draft("dev-a", 2)], CancellationToken.None);
        var first = outbox.ReadAfter(0, 1).Single();

        outbox.Refuse(first, RejectReason.OutOfRange, "observations[0]: value 412 mm[Hg] outside 40..300");

        outbox.AckedId.Should().Be(1);
        var kept = RejectedBatchStore.ReadAll(_directory).Should().ContainSingle().Subject;
        kept.Should().Contain("\"reason\":\"OutOfRange\"").And.Contain("412 mm[Hg]").And.Contain("\"seq\":1").And.Contain(first.Line.Replace("\"", "\\u0022", StringComparison.Ordinal)[..10]);
        outbox.SizeBytes.Should().BeGreaterThan(new FileInfo(SingleSegment()).Length, "refusals count against the budget");
    }

    [Fact]
    public async Task A_second_agent_cannot_open_the_same_outbox()
    {
        await using var outbox = Open();
        var second = () => Open();
        second.Should().Throw<IOException>().WithMessage("*in use*");
    }

    [Fact]
    public async Task A_damaged_checkpoint_makes_the_agent_resend_rather_than_skip()
    {
        await using (var outbox = Open())
        {
            await outbox.AppendAsync([Draft("dev-a", 1), Draft("dev-a", 2)], CancellationToken.None);
            outbox.Acknowledge(outbox.ReadAfter(0, 1).Single());
            await outbox.PersistAcknowledgementsAsync();
        }

        var checkpoint = Path.Combine(_directory, OutboxFormat.CheckpointFileName);
        File.WriteAllBytes(checkpoint, Flip(File.ReadAllBytes(checkpoint), 10));

        await using var reopened = Open();
        reopened.AckedId.Should().Be(0);
        reopened.ReadAfter(0, 10).Select(e => e.Batch.Seq).Should().Equal(1UL, 2UL);
        _logs.Log.Entries.Should().Contain(l => l.EventId.Id == 2106);
    }

    [Fact]
    public async Task A_segment_whose_creation_was_cut_by_a_crash_is_discarded()
    {
        await using (var outbox = Open())
        {
            await outbox.AppendAsync([Draft("dev-a", 1)], CancellationToken.None);
        }

        File.WriteAllBytes(Path.Combine(SegmentsDirectory, SegmentFileName(2)), "TSWA"u8.ToArray());

        await using var reopened = Open();
        reopened.ReadAfter(0, 10).Select(e => e.Batch.Seq).Should().Equal(1UL);
        (await reopened.AppendAsync([Draft("dev-a", 2)], CancellationToken.None)).Should().Equal(2);
        reopened.ReadAfter(0, 10).Select(e => e.Batch.Seq).Should().Equal(1UL, 2UL);
    }

    [Fact]
    public async Task A_waiting_reader_wakes_when_an_entry_becomes_durable()
    {
        await using var outbox = Open();
        var waiting = outbox.WaitForEntriesAfterAsync(0, CancellationToken.None);
        waiting.IsCompleted.Should().BeFalse();
        await outbox.AppendAsync([Draft("dev-a", 1)], CancellationToken.None);
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_failed_fsync_refuses_its_lines_retires_the_segment_and_loses_no_taken_entry()
    {
        var failNext = 0;
        var hooks = new LogTestHooks
        {
            BeforeFsync = _ =>
            {
                if (Interlocked.Exchange(ref failNext, 0) == 1)
                {
                    throw new IOException("simulated EIO from fsync");
                }
            },
        };

        var taken = new List<(long Id, ulong Seq)>();
        string retired;
        long retiredLength;
        await using (var outbox = Open(hooks: hooks))
        {
            var ids = await outbox.AppendAsync([Draft("dev-a", 1), Draft("dev-a", 2), Draft("dev-a", 3)], CancellationToken.None);
            taken.AddRange(ids.Select((id, i) => (id!.Value, (ulong)(i + 1))));
            retired = SingleSegment();
            retiredLength = new FileInfo(retired).Length;

            Volatile.Write(ref failNext, 1);
            await FluentActions.Awaiting(() => outbox.AppendAsync([Draft("dev-a", 4)], CancellationToken.None).AsTask())
                .Should().ThrowAsync<IOException>("a line whose fsync failed is not taken").WithMessage("simulated EIO*");
            outbox.LastId.Should().Be(3);
            new FileInfo(retired).Length.Should().Be(retiredLength, "the unsynced record is cut back off the segment");

            ids = await outbox.AppendAsync([Draft("dev-a", 5), Draft("dev-a", 6)], CancellationToken.None);
            ids.Should().OnlyContain(id => id > 4, "the failed entry's id is never reused");
            taken.Add((ids[0]!.Value, 5));
            taken.Add((ids[1]!.Value, 6));
            Segments().Should().HaveCount(2).And.Contain(retired);
            new FileInfo(retired).Length.Should().Be(retiredLength, "Linux may have dropped the failed pages: the segment is never written again");
            outbox.ReadAfter(0, 10).Select(e => (e.Id, e.Batch.Seq)).Should().Equal(taken);
        }

        _logs.Log.Entries.Should().ContainSingle(l => l.EventId.Id == WriteFailed && l.Level == LogLevel.Error);
        await using var reopened = Open();
        reopened.ReadAfter(0, 10).Select(e => (e.Id, e.Batch.Seq)).Should().Equal(taken, "every taken entry comes back once after a restart, the refused one never");
        reopened.LastTakenSeq("dev-a").Should().Be(6);
    }

    [Fact]
    public async Task An_outbox_written_by_the_previous_agent_is_upgraded_with_its_ids_checkpoint_and_torn_tail_handled()
    {
        // Written by the agent before the outbox moved onto the shared segment log: 50 entries (odd seqs from
        // dev-b, even ones from dev-a) in two 4 KiB segments, 30 answered and checkpointed, then half of a 51st
        // record left by a crash at the end of the newest segment.
        CopyFixture("outbox-v1", _directory);

        await using (var upgraded = Open(segmentBytes: 4096))
        {
            upgraded.AckedId.Should().Be(30);
            upgraded.ReadAfter(upgraded.AckedId, 100).Select(e => (e.Id, e.Batch.Seq)).Should().Equal(Enumerable.Range(31, 20).Select(i => ((long)i, (ulong)i)));
            upgraded.LastTakenSeq("dev-a").Should().Be(50);
            upgraded.LastTakenSeq("dev-b").Should().Be(49);
            Directory.Exists(Path.Combine(_directory, "segments")).Should().BeFalse("the old segments are gone once converted");
            (await upgraded.AppendAsync([Draft("dev-b", 51)], CancellationToken.None)).Should().Equal(51);

            foreach (var entry in upgraded.ReadAfter(upgraded.AckedId, 10))
            {
                upgraded.Acknowledge(entry);
            }

            await upgraded.PersistAcknowledgementsAsync();
        }

        _logs.Log.Entries.Should().Contain(l => l.EventId.Id == 2104 && l.Level == LogLevel.Warning, "the torn tail is reported");
        _logs.Log.Entries.Should().Contain(l => l.EventId.Id == 2108);
        _logs.Log.Entries.Should().NotContain(l => l.Level >= LogLevel.Error);

        await using var reopened = Open(segmentBytes: 4096);
        reopened.AckedId.Should().Be(40);
        reopened.ReadAfter(reopened.AckedId, 100).Select(e => e.Batch.Seq).Should().Equal(Enumerable.Range(41, 11).Select(i => (ulong)i));
    }

    [Fact]
    public void Checkpoint_encoding_round_trips_and_detects_damage()
    {
        var seqs = new Dictionary<string, ulong>(StringComparer.Ordinal) { ["dev-a"] = 42, ["ph-lyon-03-bp1"] = ulong.MaxValue };
        var bytes = OutboxFormat.EncodeCheckpoint(1234, seqs);
        OutboxFormat.TryDecodeCheckpoint(bytes, out var acked, out var decoded).Should().BeTrue();
        acked.Should().Be(1234);
        decoded.Should().BeEquivalentTo(seqs);
        for (var i = 0; i < bytes.Length; i++)
        {
            OutboxFormat.TryDecodeCheckpoint(Flip(bytes, i), out _, out _).Should().BeFalse($"a flipped bit at byte {i} must be caught");
        }
    }

    private static OutboxDraft Draft(string device, ulong seq)
    {
        var line = SerialLineProtocol.Format($"TSV1,{seq},2026-11-22T10:15:30Z,150456,97,%").TrimEnd();
        var batch = new ReadingBatch { DeviceId = device, Seq = seq, DeviceTimeNs = 1_795_342_530_000_000_000, SessionId = "s", SiteId = "site" };
        batch.Observations.Add(new Observation { MdcCode = 150456, Value = 97, Unit = "%", TimeNs = 1_795_342_530_000_000_000 });
        return new OutboxDraft(batch, line);
    }

    private static void CopyFixture(string name, string target)
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Fixtures", name);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
    }

    private static byte[] Flip(byte[] bytes, int index)
    {
        var copy = (byte[])bytes.Clone();
        copy[index] ^= 0x10;
        return copy;
    }

    private DiskOutbox Open(int segmentBytes = 1024 * 1024, long maxBytes = 64L * 1024 * 1024, LogTestHooks? hooks = null) =>
        DiskOutbox.Open(new OutboxOptions { Directory = _directory, SegmentBytes = segmentBytes, MaxBytes = maxBytes }, _status, TimeProvider.System, _logs.CreateLogger("outbox"), hooks);

    private string[] Segments() => [.. Directory.GetFiles(SegmentsDirectory, "*.wal").Order(StringComparer.Ordinal)];

    private string SingleSegment() => Segments().Should().ContainSingle().Subject;

    private static string SegmentFileName(long firstId) => firstId.ToString("D20", System.Globalization.CultureInfo.InvariantCulture) + ".wal";
}
