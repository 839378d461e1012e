using TeleSante.Ingestion.Dedup;

namespace TeleSante.Ingestion.Tests.Pipeline;

/// <summary>Issue 9: one accepted seq of 2^64-1 made every later seq of the device STALE_SEQUENCE forever.</summary>
public sealed class SequenceNumberingTests
{
    private static void Accept(DeduplicationIndex index, string device, ulong epoch, ulong seq)
    {
        index.TryReserve(device, epoch, seq, out _).Should().Be(DedupDecision.Reserved, $"{device} {epoch}.{seq}");
        index.Commit(device, epoch, seq);
    }

    [Fact]
    public void A_seq_far_above_the_highest_accepted_is_refused_and_the_device_carries_on()
    {
        var index = new DeduplicationIndex(128, maxSequenceJump: 1000);
        Accept(index, "d", 0, 5);
        index.TryReserve("d", 0, ulong.MaxValue, out _).Should().Be(DedupDecision.TooFarAhead);
        index.TryReserve("d", 0, 1006, out _).Should().Be(DedupDecision.TooFarAhead);
        Accept(index, "d", 0, 1005);
        Accept(index, "d", 0, 1006);
        index.Numbering("d").Should().Be((0UL, 1006UL));
    }

    [Fact]
    public void A_batch_still_in_flight_counts_as_seen_when_the_next_one_jumps()
    {
        var index = new DeduplicationIndex(128, maxSequenceJump: 1000);
        index.TryReserve("d", 0, 1, out _).Should().Be(DedupDecision.Reserved);
        index.TryReserve("d", 0, ulong.MaxValue, out _).Should().Be(DedupDecision.TooFarAhead, "a stream's first batches are reserved before the first is durable");
        index.TryReserve("d", 0, 2, out _).Should().Be(DedupDecision.Reserved);
    }

    [Fact]
    public void The_first_seq_of_a_numbering_is_not_limited_so_clock_seeded_counters_work()
    {
        var index = new DeduplicationIndex(128, maxSequenceJump: 1000);
        Accept(index, "sim", 0, 1_795_342_530_120);
        Accept(index, "sim", 0, 1_795_342_530_121);
    }

    [Fact]
    public void A_device_restarts_its_numbering_with_a_new_epoch_even_after_a_huge_seq_was_accepted()
    {
        var index = new DeduplicationIndex(128, maxSequenceJump: 1000);
        Accept(index, "d", 0, ulong.MaxValue); // a first value nothing can check
        index.TryReserve("d", 0, 7, out _).Should().Be(DedupDecision.Stale, "in that numbering 7 is long gone");

        Accept(index, "d", 1, 1);
        Accept(index, "d", 1, 2);
        index.TryReserve("d", 1, 2, out _).Should().Be(DedupDecision.Duplicate);
        index.TryReserve("d", 0, 8, out _).Should().Be(DedupDecision.Stale, "the replaced numbering cannot be told apart any more");
        index.Numbering("d").Should().Be((1UL, 2UL));
    }

    [Fact]
    public void Epochs_and_the_replaced_epoch_survive_a_snapshot_and_a_log_replay()
    {
        var path = Path.Combine(Path.GetTempPath(), "telesante-dedup-" + Guid.NewGuid().ToString("N"));
        try
        {
            var index = new DeduplicationIndex(128, maxSequenceJump: 1000);
            Accept(index, "d", 0, 40);
            Accept(index, "d", 3, 9);
            index.SaveSnapshot(path);

            var restored = new DeduplicationIndex(128, maxSequenceJump: 1000);
            restored.LoadSnapshot(path).Should().BeTrue();
            restored.TryReserve("d", 3, 9, out _).Should().Be(DedupDecision.Duplicate);
            restored.TryReserve("d", 0, 41, out _).Should().Be(DedupDecision.Stale);
            restored.TryReserve("d", 3, 5000, out _).Should().Be(DedupDecision.TooFarAhead);

            // Log replay in log order on top of the snapshot ends in the latest numbering.
            restored.MarkAccepted("d", 0, 40);
            restored.MarkAccepted("d", 3, 9);
            restored.MarkAccepted("d", 3, 10);
            restored.Numbering("d").Should().Be((3UL, 10UL));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_snapshot_written_before_epochs_existed_still_loads_as_epoch_zero()
    {
        var path = Path.Combine(Path.GetTempPath(), "telesante-dedup-v1-" + Guid.NewGuid().ToString("N"));
        try
        {
            using (var writer = new BinaryWriter(File.Create(path)))
            {
                writer.Write(0x54534450u); // "TSDP"
                writer.Write(64);
                writer.Write(1);
                writer.Write("old");
                writer.Write(100UL);
                writer.Write(1UL << (100 % 64));
            }

            var index = new DeduplicationIndex(64);
            index.LoadSnapshot(path).Should().BeTrue();
            index.TryReserve("old", 0, 100, out _).Should().Be(DedupDecision.Duplicate);
            index.Numbering("old").Should().Be((0UL, 100UL));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
