using TeleSante.Ingestion.Dedup;

namespace TeleSante.Ingestion.Tests.Pipeline;

public sealed class DeduplicationIndexTests
{
    [Fact]
    public void An_accepted_seq_is_a_duplicate_and_a_released_one_may_be_stored_again()
    {
        var index = new DeduplicationIndex(128);
        index.TryReserve("d", 5, out _).Should().Be(DedupDecision.Reserved);
        index.Commit("d", 5);
        index.TryReserve("d", 5, out _).Should().Be(DedupDecision.Duplicate);

        index.TryReserve("d", 6, out _).Should().Be(DedupDecision.Reserved);
        index.Release("d", 6);
        index.TryReserve("d", 6, out _).Should().Be(DedupDecision.Reserved, "a batch that was not stored must be storable when resent");
    }

    [Fact]
    public void Out_of_order_sequences_within_the_window_are_tracked_exactly()
    {
        var index = new DeduplicationIndex(128);
        foreach (var seq in new ulong[] { 10, 3, 200, 150 })
        {
            index.MarkAccepted("d", seq);
        }

        index.TryReserve("d", 3, out _).Should().Be(DedupDecision.Stale, "200 - 128 = 72: 3 is beyond the window");
        index.TryReserve("d", 150, out _).Should().Be(DedupDecision.Duplicate);
        index.TryReserve("d", 149, out _).Should().Be(DedupDecision.Reserved, "a gap is not a duplicate");
        index.TryReserve("d", 73, out _).Should().Be(DedupDecision.Reserved);
        index.TryReserve("other-device", 150, out _).Should().Be(DedupDecision.Reserved, "sequences are per device");
    }

    [Fact]
    public void A_big_jump_forgets_the_old_window_but_not_the_new_high()
    {
        var index = new DeduplicationIndex(64);
        index.MarkAccepted("d", 1);
        index.MarkAccepted("d", 1_000_000);
        index.TryReserve("d", 1_000_000, out _).Should().Be(DedupDecision.Duplicate);
        index.TryReserve("d", 999_999, out _).Should().Be(DedupDecision.Reserved);
        index.TryReserve("d", 1, out _).Should().Be(DedupDecision.Stale);
    }

    [Fact]
    public async Task A_twin_in_flight_waits_for_the_original_outcome()
    {
        var index = new DeduplicationIndex(64);
        index.TryReserve("d", 9, out _).Should().Be(DedupDecision.Reserved);
        index.TryReserve("d", 9, out var twin).Should().Be(DedupDecision.InFlight);
        twin!.IsCompleted.Should().BeFalse("a duplicate must not be acknowledged before the original is durable");
        index.Commit("d", 9);
        (await twin).Should().BeTrue();
    }

    [Fact]
    public void The_snapshot_restores_exactly_what_was_accepted()
    {
        var path = Path.Combine(Path.GetTempPath(), "dedup-" + Guid.NewGuid().ToString("N"));
        try
        {
            var index = new DeduplicationIndex(128);
            index.MarkAccepted("a", 100);
            index.MarkAccepted("a", 42);
            index.MarkAccepted("b", 7);
            index.SaveSnapshot(path);

            var restored = new DeduplicationIndex(128);
            restored.LoadSnapshot(path).Should().BeTrue();
            restored.TryReserve("a", 100, out _).Should().Be(DedupDecision.Duplicate);
            restored.TryReserve("a", 42, out _).Should().Be(DedupDecision.Duplicate);
            restored.TryReserve("a", 43, out _).Should().Be(DedupDecision.Reserved);
            restored.TryReserve("b", 7, out _).Should().Be(DedupDecision.Duplicate);
            restored.DeviceCount.Should().Be(2);

            new DeduplicationIndex(256).LoadSnapshot(path).Should().BeFalse("a different window cannot be restored exactly");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
