using TeleSante.Ingestion.Wal;

namespace TeleSante.Ingestion.Dedup;

/// <summary>
/// The durable side of the <see cref="DeduplicationIndex"/>: where its snapshot lives, and how the index
/// is rebuilt at start-up. The snapshot covers batches whose log records were deleted (the forwarder saves
/// it before the log deletes anything); every record still in the log, forwarded or not, was accepted too
/// and is replayed on top of it in log order, so epoch switches replay as they happened.
/// </summary>
public sealed class DeduplicationRecovery(string snapshotPath)
{
    public string SnapshotPath { get; } = !string.IsNullOrEmpty(snapshotPath) ? snapshotPath : throw new ArgumentException("a snapshot path is required", nameof(snapshotPath));

    /// <summary>Snapshot then log: the index as it was when the gateway stopped. A snapshot taken with
    /// another window is ignored (see <see cref="DeduplicationIndex.LoadSnapshot"/>); the log still replays.</summary>
    public DeduplicationIndex Recover(int window, ulong maxSequenceJump, WriteAheadLog wal)
    {
        ArgumentNullException.ThrowIfNull(wal);
        var index = new DeduplicationIndex(window, maxSequenceJump);
        index.LoadSnapshot(SnapshotPath);
        using var reader = wal.OpenReader(0);
        while (reader.TryRead(out var record))
        {
            var batch = WalEntry.Parser.ParseFrom(record.Payload.Span).Batch;
            index.MarkAccepted(batch.DeviceId, batch.SeqEpoch, batch.Seq);
        }

        return index;
    }

    /// <summary>Saves the index (atomically, fsync'd) before the log deletes records it alone remembered.</summary>
    public void Save(DeduplicationIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        index.SaveSnapshot(SnapshotPath);
    }
}
