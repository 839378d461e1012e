using System.Text;
using TeleSante.Durability;

namespace TeleSante.Ingestion.Dedup;

/// <summary>
/// Remembers which (device, seq) pairs were accepted, so a batch resent after a reconnect is
/// acknowledged as a duplicate instead of being stored twice. The write-ahead log holds recent
/// accepted batches; a snapshot file covers those already removed from it (written before each
/// removal, see <see cref="SaveSnapshot"/>). A submission in flight blocks its twin until it is
/// durable, so a duplicate is never acknowledged before the original is.
/// Pairs are counted within the device's numbering epoch (<c>ReadingBatch.seq_epoch</c>): a device that
/// restarts its numbering changes epoch, and a seq too far above the highest accepted one is refused
/// (<see cref="DedupDecision.TooFarAhead"/>), so no single bad value makes a device's later batches stale.
/// </summary>
public sealed class DeduplicationIndex(int window, ulong maxSequenceJump = ulong.MaxValue)
{
    private const uint SnapshotMagicV1 = 0x54534450; // "TSDP": no epochs (all 0)
    private const uint SnapshotMagic = 0x54534432; // "TSD2": with the epochs
    private readonly Dictionary<string, DeviceSequenceState> _devices = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public int Window { get; } = window % 64 == 0 ? window : throw new ArgumentException("window must be a multiple of 64", nameof(window));

    /// <summary>How far above the highest accepted seq of a numbering a seq may be.</summary>
    public ulong MaxSequenceJump { get; } = maxSequenceJump >= (ulong)window ? maxSequenceJump : throw new ArgumentException("the jump limit must be at least the window", nameof(maxSequenceJump));

    public int DeviceCount
    {
        get
        {
            lock (_gate)
            {
                return _devices.Count;
            }
        }
    }

    /// <summary>Epoch 0 (devices that never restart their numbering).</summary>
    public DedupDecision TryReserve(string deviceId, ulong seq, out Task<bool>? inFlight) => TryReserve(deviceId, 0, seq, out inFlight);

    /// <summary>Decides what to do with (device, epoch, seq); on <see cref="DedupDecision.InFlight"/>,
    /// <paramref name="inFlight"/> completes with true once the twin was accepted, false if it failed.</summary>
    public DedupDecision TryReserve(string deviceId, ulong epoch, ulong seq, out Task<bool>? inFlight)
    {
        inFlight = null;
        lock (_gate)
        {
            var state = GetOrAdd(deviceId);
            if (state.InFlight.TryGetValue((epoch, seq), out var pending))
            {
                inFlight = pending.Task;
                return DedupDecision.InFlight;
            }

            if (epoch == state.Epoch)
            {
                if (state.Contains(seq))
                {
                    return DedupDecision.Duplicate;
                }

                if (state.IsStale(seq))
                {
                    return DedupDecision.Stale;
                }

                // The first seq of a numbering may be anything (counters seeded from a clock); after
                // that, a jump beyond the limit is a corrupted value, which would make later seqs stale.
                // Batches still in flight count as seen: a stream's first batches are reserved together.
                if (seq > state.High && seq - state.High > MaxSequenceJump && Reference(state, epoch) is var reference && reference > 0 && seq > reference && seq - reference > MaxSequenceJump)
                {
                    return DedupDecision.TooFarAhead;
                }
            }
            else if (epoch == state.PreviousEpoch)
            {
                return DedupDecision.Stale;
            }

            state.InFlight.Add((epoch, seq), new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
            return DedupDecision.Reserved;
        }
    }

    /// <summary>Whether (device, epoch, seq) was accepted, without reserving anything nor remembering the device:
    /// asked for a batch about to be refused, whose resend must still get its original answer. While a twin is
    /// being written, <paramref name="inFlight"/> completes with its outcome.</summary>
    public bool WasAccepted(string deviceId, ulong epoch, ulong seq, out Task<bool>? inFlight)
    {
        inFlight = null;
        lock (_gate)
        {
            if (!_devices.TryGetValue(deviceId, out var state))
            {
                return false;
            }

            if (state.InFlight.TryGetValue((epoch, seq), out var pending))
            {
                inFlight = pending.Task;
                return false;
            }

            return epoch == state.Epoch && state.Contains(seq);
        }
    }

    /// <summary>The device's current numbering: its epoch and highest accepted seq (0: none yet).</summary>
    public (ulong Epoch, ulong High) Numbering(string deviceId)
    {
        lock (_gate)
        {
            return _devices.TryGetValue(deviceId, out var state) ? (state.Epoch, state.High) : (0, 0);
        }
    }

    /// <summary>The reserved batch is durable.</summary>
    public void Commit(string deviceId, ulong seq) => Complete(deviceId, 0, seq, accepted: true);

    /// <summary>The reserved batch is durable.</summary>
    public void Commit(string deviceId, ulong epoch, ulong seq) => Complete(deviceId, epoch, seq, accepted: true);

    /// <summary>The reserved batch was not stored (storage full, shutdown); a later resend may try again.</summary>
    public void Release(string deviceId, ulong seq) => Complete(deviceId, 0, seq, accepted: false);

    /// <summary>The reserved batch was not stored (storage full, shutdown); a later resend may try again.</summary>
    public void Release(string deviceId, ulong epoch, ulong seq) => Complete(deviceId, epoch, seq, accepted: false);

    /// <summary>Marks a pair accepted without a reservation: used while replaying the write-ahead log.</summary>
    public void MarkAccepted(string deviceId, ulong seq) => MarkAccepted(deviceId, 0, seq);

    /// <summary>Marks a pair accepted without a reservation: used while replaying the write-ahead log
    /// (in log order, so epoch switches replay as they happened).</summary>
    public void MarkAccepted(string deviceId, ulong epoch, ulong seq)
    {
        lock (_gate)
        {
            GetOrAdd(deviceId).Add(epoch, seq);
        }
    }

    /// <summary>Writes the index atomically (temp file, fsync, rename) so that it survives a crash.</summary>
    public void SaveSnapshot(string path)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024))
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            lock (_gate)
            {
                writer.Write(SnapshotMagic);
                writer.Write(Window);
                writer.Write(_devices.Count);
                foreach (var (device, state) in _devices)
                {
                    writer.Write(device);
                    writer.Write(state.Epoch);
                    writer.Write(state.PreviousEpoch.HasValue);
                    writer.Write(state.PreviousEpoch ?? 0);
                    writer.Write(state.High);
                    foreach (var word in state.Bits)
                    {
                        writer.Write(word);
                    }
                }
            }

            writer.Flush();
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
        DirectorySync.Fsync(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Loads a snapshot written by <see cref="SaveSnapshot"/>. A snapshot taken with another
    /// window size is ignored with a false return: then duplicates of old batches may be stored again
    /// (InfluxDB overwrites identical points), which is preferred to refusing new data as duplicates.</summary>
    public bool LoadSnapshot(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        using var stream = File.OpenRead(path);
        using var reader = new BinaryReader(stream, Encoding.UTF8);
        var magic = reader.ReadUInt32();
        if (magic is not (SnapshotMagic or SnapshotMagicV1))
        {
            throw new InvalidDataException($"{path} is not a deduplication snapshot");
        }

        if (reader.ReadInt32() != Window)
        {
            return false;
        }

        var count = reader.ReadInt32();
        var words = new ulong[Window / 64];
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                var device = reader.ReadString();
                ulong epoch = 0;
                ulong? previous = null;
                if (magic == SnapshotMagic)
                {
                    epoch = reader.ReadUInt64();
                    var hasPrevious = reader.ReadBoolean();
                    var previousValue = reader.ReadUInt64();
                    previous = hasPrevious ? previousValue : null;
                }

                var high = reader.ReadUInt64();
                for (var w = 0; w < words.Length; w++)
                {
                    words[w] = reader.ReadUInt64();
                }

                GetOrAdd(device).Restore(epoch, previous, high, words);
            }
        }

        return true;
    }

    private void Complete(string deviceId, ulong epoch, ulong seq, bool accepted)
    {
        TaskCompletionSource<bool>? pending;
        lock (_gate)
        {
            var state = GetOrAdd(deviceId);
            if (!state.InFlight.Remove((epoch, seq), out pending))
            {
                throw new InvalidOperationException($"no reservation for {deviceId}#{epoch}.{seq}");
            }

            if (accepted)
            {
                state.Add(epoch, seq);
            }
        }

        pending.SetResult(accepted);
    }

    /// <summary>The highest seq accepted or in flight in <paramref name="epoch"/> (0: none).</summary>
    private static ulong Reference(DeviceSequenceState state, ulong epoch)
    {
        var reference = state.High;
        foreach (var (pendingEpoch, pendingSeq) in state.InFlight.Keys)
        {
            if (pendingEpoch == epoch && pendingSeq > reference)
            {
                reference = pendingSeq;
            }
        }

        return reference;
    }

    private DeviceSequenceState GetOrAdd(string deviceId)
    {
        if (!_devices.TryGetValue(deviceId, out var state))
        {
            state = new DeviceSequenceState(Window);
            _devices.Add(deviceId, state);
        }

        return state;
    }
}
