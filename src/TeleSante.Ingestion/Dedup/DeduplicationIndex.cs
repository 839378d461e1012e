using System.Text;
using TeleSante.Durability;

namespace TeleSante.Ingestion.Dedup;

/// <summary>
/// Remembers which (device, seq) pairs were accepted, so a batch resent after a reconnect is
/// acknowledged as a duplicate instead of being stored twice. The write-ahead log holds recent
/// accepted batches; a snapshot file covers those already removed from it (written before each
/// removal, see <see cref="SaveSnapshot"/>). A submission in flight blocks its twin until it is
/// durable, so a duplicate is never acknowledged before the original is.
/// </summary>
public sealed class DeduplicationIndex(int window)
{
    private const uint SnapshotMagic = 0x54534450; // "TSDP"
    private readonly Dictionary<string, DeviceSequenceState> _devices = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public int Window { get; } = window % 64 == 0 ? window : throw new ArgumentException("window must be a multiple of 64", nameof(window));

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

    /// <summary>Decides what to do with (device, seq); on <see cref="DedupDecision.InFlight"/>,
    /// <paramref name="inFlight"/> completes with true once the twin was accepted, false if it failed.</summary>
    public DedupDecision TryReserve(string deviceId, ulong seq, out Task<bool>? inFlight)
    {
        inFlight = null;
        lock (_gate)
        {
            var state = GetOrAdd(deviceId);
            if (state.InFlight.TryGetValue(seq, out var pending))
            {
                inFlight = pending.Task;
                return DedupDecision.InFlight;
            }

            if (state.Contains(seq))
            {
                return DedupDecision.Duplicate;
            }

            if (state.IsStale(seq))
            {
                return DedupDecision.Stale;
            }

            state.InFlight.Add(seq, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
            return DedupDecision.Reserved;
        }
    }

    /// <summary>The reserved batch is durable.</summary>
    public void Commit(string deviceId, ulong seq) => Complete(deviceId, seq, accepted: true);

    /// <summary>The reserved batch was not stored (storage full, shutdown); a later resend may try again.</summary>
    public void Release(string deviceId, ulong seq) => Complete(deviceId, seq, accepted: false);

    /// <summary>Marks a pair accepted without a reservation: used while replaying the write-ahead log.</summary>
    public void MarkAccepted(string deviceId, ulong seq)
    {
        lock (_gate)
        {
            GetOrAdd(deviceId).Add(seq);
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
        if (reader.ReadUInt32() != SnapshotMagic)
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
                var high = reader.ReadUInt64();
                for (var w = 0; w < words.Length; w++)
                {
                    words[w] = reader.ReadUInt64();
                }

                GetOrAdd(device).Restore(high, words);
            }
        }

        return true;
    }

    private void Complete(string deviceId, ulong seq, bool accepted)
    {
        TaskCompletionSource<bool>? pending;
        lock (_gate)
        {
            var state = GetOrAdd(deviceId);
            if (!state.InFlight.Remove(seq, out pending))
            {
                throw new InvalidOperationException($"no reservation for {deviceId}#{seq}");
            }

            if (accepted)
            {
                state.Add(seq);
            }
        }

        pending.SetResult(accepted);
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
