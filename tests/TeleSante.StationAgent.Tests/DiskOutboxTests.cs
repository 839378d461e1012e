using Microsoft.Extensions.Logging;
using TeleSante.Contracts.V1;
using TeleSante.StationAgent.Internal;
using TeleSante.StationAgent.Tests.Infrastructure;

namespace TeleSante.StationAgent.Tests;

public sealed class DiskOutboxTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("telesante-outbox-").FullName;
    private readonly CapturingLoggerProvider _logs = new();
    private readonly AgentStatus _status = new();

    private string SegmentsDirectory => Path.Combine(_directory, OutboxFormat.SegmentsDirectoryName);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Appended_entries_are_read_back_in_order_with_their_batch_and_line()
    {
        using var outbox = Open();
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
        using (var outbox = Open())
        {
            await outbox.AppendAsync([Draft("dev-a", 10), Draft("dev-b", 7)], CancellationToken.None);
        }

        using var reopened = Open();
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
        using (var outbox = Open())
        {
            await outbox.AppendAsync([Draft("dev-a", 1), Draft("dev-a", 2), Draft("dev-a", 3)], CancellationToken.None);
            intactLength = new FileInfo(SingleSegment()).Length;
        }

        var record = new byte[OutboxFormat.RecordSize(OutboxFormat.EncodePayload(Draft("dev-a", 4)).Length)];
        OutboxFormat.WriteRecord(record, 4, OutboxFormat.EncodePayload(Draft("dev-a", 4)));
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

        using (var recovered = Open())
        {
            new FileInfo(SingleSegment()).Length.Should().Be(intactLength);
            recovered.ReadAfter(0, 10).Select(e => e.Batch.Seq).Should().Equal(1UL, 2UL, 3UL);
            (await recovered.AppendAsync([Draft("dev-a", 5)], CancellationToken.None)).Should().Equal(4);
        }

        _logs.Logs.Should().Contain(l => l.EventId.Id == 2104 && l.Level == LogLevel.Warning);
        using var again = Open();
        again.ReadAfter(0, 10).Select(e => e.Batch.Seq).Should().Equal(1UL, 2UL, 3UL, 5UL);
    }

    [Fact]
    public async Task A_flipped_bit_inside_an_older_segment_is_detected_kept_aside_and_reported_as_an_error()
    {
        using (var outbox = Open(segmentBytes: 4096))
        {
            for (ulong seq = 1; seq <= 80; seq++)
            {
                await outbox.AppendAsync([Draft("dev-a", seq)], CancellationToken.None);
            }

            outbox.SegmentCount.Should().BeGreaterThan(2);
        }

        var first = Directory.GetFiles(SegmentsDirectory).Order(StringComparer.Ordinal).First();
        var bytes = File.ReadAllBytes(first);
        var recordSize = OutboxFormat.RecordSize(OutboxFormat.EncodePayload(Draft("dev-a", 1)).Length);
        var damagedAt = OutboxFormat.SegmentHeaderSize + (5 * recordSize) + 30;
        File.WriteAllBytes(first, Flip(bytes, damagedAt));

        using var recovered = Open(segmentBytes: 4096);
        var seqs = recovered.ReadAfter(0, 1000).Select(e => e.Batch.Seq).ToList();
        seqs.Should().StartWith([1UL, 2UL, 3UL, 4UL, 5UL]);
        seqs.Should().NotContain(6UL);
        seqs.Should().EndWith([78UL, 79UL, 80UL], "later segments are intact");
        Directory.GetFiles(SegmentsDirectory, "*.corrupt").Should().ContainSingle();
        _logs.Logs.Should().Contain(l => l.EventId.Id == 2105 && l.Level == LogLevel.Error);
    }

    [Fact]
    public async Task Acknowledged_entries_are_not_sent_again_after_a_restart_and_their_segments_are_deleted()
    {
        using (var outbox = Open(segmentBytes: 4096))
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

            outbox.PersistAcknowledgements();
            outbox.SegmentCount.Should().BeLessThan(segmentsBefore);
            outbox.PendingCount.Should().Be(20);
        }

        using var reopened = Open(segmentBytes: 4096);
        reopened.AckedId.Should().Be(60);
        reopened.ReadAfter(reopened.AckedId, 1000).Select(e => e.Batch.Seq).Should().Equal(Enumerable.Range(61, 20).Select(i => (ulong)i));
    }

    [Fact]
    public async Task Answers_not_yet_checkpointed_when_the_agent_dies_are_resent_never_skipped()
    {
        using (var outbox = Open())
        {
            await outbox.AppendAsync([Draft("dev-a", 1), Draft("dev-a", 2), Draft("dev-a", 3)], CancellationToken.None);
            var entries = outbox.ReadAfter(0, 10);
            outbox.Acknowledge(entries[0]);
            outbox.PersistAcknowledgements();
            outbox.Acknowledge(entries[1]); // answered, but the process dies before the checkpoint
        }

        using var reopened = Open();
        reopened.ReadAfter(reopened.AckedId, 10).Select(e => e.Batch.Seq).Should().Equal(2UL, 3UL);
    }

    [Fact]
    public async Task The_last_seq_of_a_device_is_remembered_after_all_its_entries_were_answered_and_deleted()
    {
        using (var outbox = Open(segmentBytes: 4096))
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

            outbox.PersistAcknowledgements();
        }

        using var reopened = Open(segmentBytes: 4096);
        reopened.ReadAfter(0, 1000).Should().NotContain(e => e.Batch.DeviceId == "dev-gone");
        reopened.LastTakenSeq("dev-gone").Should().Be(139);
    }

    [Fact]
    public async Task A_full_outbox_refuses_new_entries_and_says_so_until_answers_free_room()
    {
        using var outbox = Open(segmentBytes: 4096, maxBytes: 16 * 1024);
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
        _logs.Logs.Should().ContainSingle(l => l.EventId.Id == 2102 && l.Level == LogLevel.Error);
        (await outbox.AppendAsync([Draft("dev-a", ++seq)], CancellationToken.None)).Should().Equal([null]);

        foreach (var entry in outbox.ReadAfter(0, 1000))
        {
            outbox.Acknowledge(entry);
        }

        outbox.PersistAcknowledgements();
        (await outbox.AppendAsync([Draft("dev-a", ++seq)], CancellationToken.None)).Single().Should().NotBeNull();
        _status.OutboxFull.Should().BeFalse();
    }

    [Fact]
    public async Task A_refused_entry_is_kept_with_the_gateway_reason_before_it_leaves_the_queue()
    {
        using var outbox = Open();
        await outbox.AppendAsync([Draft("dev-a", 1), Draft("dev-a", 2)], CancellationToken.None);
        var first = outbox.ReadAfter(0, 1).Single();

        outbox.Refuse(first, RejectReason.OutOfRange, "observations[0]: value 412 mm[Hg] outside 40..300");

        outbox.AckedId.Should().Be(1);
        var kept = RejectedBatchStore.ReadAll(_directory).Should().ContainSingle().Subject;
        kept.Should().Contain("\"reason\":\"OutOfRange\"").And.Contain("412 mm[Hg]").And.Contain("\"seq\":1").And.Contain(first.Line.Replace("\"", "\\u0022", StringComparison.Ordinal)[..10]);
        outbox.SizeBytes.Should().BeGreaterThan(new FileInfo(Directory.GetFiles(SegmentsDirectory).Single()).Length, "refusals count against the budget");
    }

    [Fact]
    public void A_second_agent_cannot_open_the_same_outbox()
    {
        using var outbox = Open();
        var second = () => Open();
        second.Should().Throw<IOException>().WithMessage("*in use*");
    }

    [Fact]
    public async Task A_damaged_checkpoint_makes_the_agent_resend_rather_than_skip()
    {
        using (var outbox = Open())
        {
            await outbox.AppendAsync([Draft("dev-a", 1), Draft("dev-a", 2)], CancellationToken.None);
            outbox.Acknowledge(outbox.ReadAfter(0, 1).Single());
            outbox.PersistAcknowledgements();
        }

        var checkpoint = Path.Combine(_directory, OutboxFormat.CheckpointFileName);
        File.WriteAllBytes(checkpoint, Flip(File.ReadAllBytes(checkpoint), 10));

        using var reopened = Open();
        reopened.AckedId.Should().Be(0);
        reopened.ReadAfter(0, 10).Select(e => e.Batch.Seq).Should().Equal(1UL, 2UL);
        _logs.Logs.Should().Contain(l => l.EventId.Id == 2106);
    }

    [Fact]
    public async Task A_segment_whose_creation_was_cut_by_a_crash_is_discarded()
    {
        using (var outbox = Open())
        {
            await outbox.AppendAsync([Draft("dev-a", 1)], CancellationToken.None);
        }

        File.WriteAllBytes(Path.Combine(SegmentsDirectory, OutboxFormat.SegmentFileName(2)), "TSAG"u8.ToArray());

        using var reopened = Open();
        reopened.ReadAfter(0, 10).Select(e => e.Batch.Seq).Should().Equal(1UL);
        (await reopened.AppendAsync([Draft("dev-a", 2)], CancellationToken.None)).Should().Equal(2);
        reopened.ReadAfter(0, 10).Select(e => e.Batch.Seq).Should().Equal(1UL, 2UL);
    }

    [Fact]
    public async Task A_waiting_reader_wakes_when_an_entry_becomes_durable()
    {
        using var outbox = Open();
        var waiting = outbox.WaitForEntriesAfterAsync(0, CancellationToken.None);
        waiting.IsCompleted.Should().BeFalse();
        await outbox.AppendAsync([Draft("dev-a", 1)], CancellationToken.None);
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
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

    [Fact]
    public void Every_single_bit_flip_in_a_record_is_caught_by_its_CRC()
    {
        var payload = OutboxFormat.EncodePayload(Draft("dev-a", 9));
        var record = new byte[OutboxFormat.RecordSize(payload.Length)];
        OutboxFormat.WriteRecord(record, 9, payload);
        OutboxFormat.CrcMatches(record).Should().BeTrue();
        for (var i = 0; i < record.Length; i++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                var damaged = (byte[])record.Clone();
                damaged[i] ^= (byte)(1 << bit);
                OutboxFormat.CrcMatches(damaged).Should().BeFalse();
            }
        }
    }

    private static OutboxDraft Draft(string device, ulong seq)
    {
        var line = SerialLineProtocol.Format($"TSV1,{seq},2026-11-22T10:15:30Z,150456,97,%").TrimEnd();
        var batch = new ReadingBatch { DeviceId = device, Seq = seq, DeviceTimeNs = 1_795_342_530_000_000_000, SessionId = "s", SiteId = "site" };
        batch.Observations.Add(new Observation { MdcCode = 150456, Value = 97, Unit = "%", TimeNs = 1_795_342_530_000_000_000 });
        return new OutboxDraft(batch, line);
    }

    private static byte[] Flip(byte[] bytes, int index)
    {
        var copy = (byte[])bytes.Clone();
        copy[index] ^= 0x10;
        return copy;
    }

    private DiskOutbox Open(int segmentBytes = 1024 * 1024, long maxBytes = 64L * 1024 * 1024) =>
        DiskOutbox.Open(new OutboxOptions { Directory = _directory, SegmentBytes = segmentBytes, MaxBytes = maxBytes }, _status, TimeProvider.System, _logs.CreateLogger("outbox"));

    private string SingleSegment() => Directory.GetFiles(SegmentsDirectory, "*.seg").Should().ContainSingle().Subject;
}
