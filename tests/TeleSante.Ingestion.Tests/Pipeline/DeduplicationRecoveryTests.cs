using Google.Protobuf;
using TeleSante.Contracts.V1;
using TeleSante.Ingestion.Dedup;
using TeleSante.Ingestion.Tests.Wal;
using TeleSante.Ingestion.Wal;

namespace TeleSante.Ingestion.Tests.Pipeline;

/// <summary>Start-up rebuild of the deduplication index: snapshot, then every record still in the write-ahead log.</summary>
public sealed class DeduplicationRecoveryTests : IDisposable
{
    private readonly WalTestDirectory _directory = new();
    private readonly WalTestDirectory _wal = new();

    private DeduplicationRecovery Recovery => new(Path.Combine(_directory.Path, "dedup.snapshot"));

    private static async Task AppendAsync(WriteAheadLog wal, string device, ulong epoch, ulong seq)
    {
        var entry = new WalEntry
        {
            Batch = new ReadingBatch { DeviceId = device, SiteId = "site", SessionId = "session", SeqEpoch = epoch, Seq = seq },
            Transport = "grpc",
        };
        (await wal.AppendAsync(entry.ToByteArray())).Status.Should().Be(WalAppendStatus.Appended);
    }

    private WriteAheadLog OpenWal() => WalTest.Open(_wal, new RecordingLogger<WriteAheadLog>());

    [Fact]
    public async Task Batches_in_the_snapshot_and_batches_still_in_the_log_are_both_duplicates()
    {
        var saved = new DeduplicationIndex(128);
        for (ulong seq = 1; seq <= 5; seq++)
        {
            saved.MarkAccepted("ecg-1", seq);
        }

        Recovery.Save(saved);
        await using var wal = OpenWal();
        await AppendAsync(wal, "ecg-1", 0, 6);
        await AppendAsync(wal, "ecg-1", 0, 7);
        await AppendAsync(wal, "cuff-2", 0, 1);

        var index = Recovery.Recover(128, ulong.MaxValue, wal);

        index.TryReserve("ecg-1", 3, out _).Should().Be(DedupDecision.Duplicate, "seq 3 is only in the snapshot");
        index.TryReserve("ecg-1", 7, out _).Should().Be(DedupDecision.Duplicate, "seq 7 is only in the log");
        index.TryReserve("cuff-2", 1, out _).Should().Be(DedupDecision.Duplicate);
        index.TryReserve("ecg-1", 8, out _).Should().Be(DedupDecision.Reserved);
        index.Numbering("ecg-1").Should().Be((0UL, 7UL));
    }

    [Fact]
    public async Task An_epoch_switch_in_the_log_replays_in_log_order_over_the_snapshot()
    {
        var saved = new DeduplicationIndex(128, maxSequenceJump: 1000);
        saved.MarkAccepted("ecg-1", 0, 40);
        Recovery.Save(saved);
        await using var wal = OpenWal();
        await AppendAsync(wal, "ecg-1", 0, 41);
        await AppendAsync(wal, "ecg-1", 7, 1);
        await AppendAsync(wal, "ecg-1", 7, 2);

        var index = Recovery.Recover(128, 1000, wal);

        index.Numbering("ecg-1").Should().Be((7UL, 2UL), "the device restarted its numbering in epoch 7");
        index.TryReserve("ecg-1", 7, 2, out _).Should().Be(DedupDecision.Duplicate);
        index.TryReserve("ecg-1", 0, 42, out _).Should().Be(DedupDecision.Stale, "late batches of the replaced numbering are refused");
        index.TryReserve("ecg-1", 7, 5000, out _).Should().Be(DedupDecision.TooFarAhead, "the jump limit is carried over");
    }

    [Fact]
    public async Task A_snapshot_saved_with_epochs_is_recovered_after_the_log_deleted_its_records()
    {
        var saved = new DeduplicationIndex(128);
        saved.MarkAccepted("ecg-1", 0, 40);
        saved.MarkAccepted("ecg-1", 3, 9);
        Recovery.Save(saved);
        await using var wal = OpenWal();

        var index = Recovery.Recover(128, ulong.MaxValue, wal);

        index.Numbering("ecg-1").Should().Be((3UL, 9UL));
        index.TryReserve("ecg-1", 3, 9, out _).Should().Be(DedupDecision.Duplicate);
        index.TryReserve("ecg-1", 0, 41, out _).Should().Be(DedupDecision.Stale);
    }

    [Fact]
    public async Task A_snapshot_from_before_epochs_loads_as_epoch_zero_and_the_log_switches_epoch_on_top()
    {
        using (var writer = new BinaryWriter(File.Create(Recovery.SnapshotPath)))
        {
            writer.Write(0x54534450u); // "TSDP": the format before seq_epoch
            writer.Write(64);
            writer.Write(1);
            writer.Write("old-ecg");
            writer.Write(100UL);
            writer.Write(1UL << (100 % 64));
        }

        await using var wal = OpenWal();
        await AppendAsync(wal, "old-ecg", 0, 101);
        await AppendAsync(wal, "old-ecg", 2, 1);

        var index = Recovery.Recover(64, ulong.MaxValue, wal);

        index.Numbering("old-ecg").Should().Be((2UL, 1UL));
        index.TryReserve("old-ecg", 0, 100, out _).Should().Be(DedupDecision.Stale, "epoch 0 was replaced by epoch 2");
        index.TryReserve("old-ecg", 2, 1, out _).Should().Be(DedupDecision.Duplicate);
    }

    [Fact]
    public async Task A_snapshot_of_another_window_is_ignored_but_the_log_still_replays()
    {
        var saved = new DeduplicationIndex(64);
        saved.MarkAccepted("ecg-1", 5);
        Recovery.Save(saved);
        await using var wal = OpenWal();
        await AppendAsync(wal, "ecg-1", 0, 9);

        var index = Recovery.Recover(128, ulong.MaxValue, wal);

        index.TryReserve("ecg-1", 9, out _).Should().Be(DedupDecision.Duplicate);
        index.TryReserve("ecg-1", 5, out _).Should().Be(DedupDecision.Reserved, "a snapshot of another window cannot be restored exactly");
    }

    [Fact]
    public async Task Without_a_snapshot_the_log_alone_rebuilds_the_index()
    {
        await using var wal = OpenWal();
        await AppendAsync(wal, "ecg-1", 0, 1);
        await AppendAsync(wal, "ecg-1", 0, 2);

        var index = Recovery.Recover(128, ulong.MaxValue, wal);

        File.Exists(Recovery.SnapshotPath).Should().BeFalse();
        index.Numbering("ecg-1").Should().Be((0UL, 2UL));
        index.TryReserve("ecg-1", 1, out _).Should().Be(DedupDecision.Duplicate);
    }

    public void Dispose()
    {
        _directory.Dispose();
        _wal.Dispose();
    }
}
