using System.Buffers;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using TeleSante.Contracts.V1;
using TeleSante.Durability;

namespace TeleSante.StationAgent.Internal;

/// <summary>
/// The station's store-and-forward queue: a tiny write-ahead log of readings waiting for the gateway.
/// <list type="bullet">
/// <item>Append-only segment files of CRC-framed records (<see cref="OutboxFormat"/>). A serial line is
/// "taken" only when <see cref="AppendAsync"/> returned its id, which happens after fsync; every line of
/// one read from the port shares one fsync (group commit).</item>
/// <item>The forwarder reads entries in id order and calls <see cref="Acknowledge"/> for each answered
/// one (ack, duplicate, or refusal already written to the rejected-batches file), strictly in order.
/// <see cref="PersistAcknowledgements"/> then writes the checkpoint (acked id + last acked seq per device;
/// temp file, fsync, rename, directory fsync) and deletes segments whose entries are all acknowledged.</item>
/// <item>At start-up every segment is checked record by record; a torn tail of the newest segment (a
/// write cut by a crash, never reported as taken) is cut off; damage elsewhere is kept aside as
/// <c>.corrupt</c> for a person and reported as an error.</item>
/// </list>
/// A crash between an answer and the checkpoint only makes the agent resend entries the gateway already
/// stored, which it answers as duplicates: nothing is lost and nothing is stored twice. The checkpoint
/// trails the answers by one fsync at most, far inside the gateway's 4096-seq deduplication window.
/// </summary>
internal sealed class DiskOutbox : IDisposable
{
    private readonly OutboxOptions _options;
    private readonly AgentStatus _status;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _segmentsDirectory;
    private readonly FileStream _lock;
    private readonly RejectedBatchStore _rejected;
    private readonly List<OutboxSegment> _segments;
    private readonly Dictionary<string, ulong> _lastTakenSeq;
    private readonly Dictionary<string, ulong> _ackedSeq;
    private readonly SemaphoreSlim _appendGate = new(1, 1);
    private readonly Lock _gate = new();
    private TaskCompletionSource _appended = NewSignal();
    private SafeFileHandle? _active;
    private long _lastId;
    private long _ackedId;
    private long _persistedAckedId;
    private long _segmentBytes;
    private bool _full;
    private (OutboxSegment Segment, long Offset, long NextId)? _cursor;

    private DiskOutbox(
        OutboxOptions options,
        AgentStatus status,
        TimeProvider time,
        ILogger logger,
        FileStream lockFile,
        List<OutboxSegment> segments,
        long lastId,
        long ackedId,
        Dictionary<string, ulong> lastTakenSeq,
        Dictionary<string, ulong> ackedSeq)
    {
        _options = options;
        _status = status;
        _time = time;
        _logger = logger;
        _lock = lockFile;
        _segmentsDirectory = Path.Combine(options.Directory, OutboxFormat.SegmentsDirectoryName);
        _segments = segments;
        _lastId = lastId;
        _ackedId = ackedId;
        _persistedAckedId = ackedId;
        _lastTakenSeq = lastTakenSeq;
        _ackedSeq = ackedSeq;
        _segmentBytes = segments.Sum(s => s.CommittedLength);
        _rejected = new RejectedBatchStore(options.Directory);
        if (segments.Count > 0)
        {
            _active = File.OpenHandle(segments[^1].Path, FileMode.Open, FileAccess.Write, FileShare.Read | FileShare.Delete);
        }

        UpdateStatus();
    }

    /// <summary>Id of the last durable entry (0 when nothing was ever appended).</summary>
    public long LastId
    {
        get
        {
            lock (_gate)
            {
                return _lastId;
            }
        }
    }

    /// <summary>Every entry up to this id has been answered by the gateway.</summary>
    public long AckedId
    {
        get
        {
            lock (_gate)
            {
                return _ackedId;
            }
        }
    }

    public long PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _lastId - _ackedId;
            }
        }
    }

    /// <summary>Bytes counted against <see cref="OutboxOptions.MaxBytes"/>: segments and rejected batches.</summary>
    public long SizeBytes
    {
        get
        {
            lock (_gate)
            {
                return _segmentBytes + _rejected.SizeBytes;
            }
        }
    }

    public int SegmentCount
    {
        get
        {
            lock (_gate)
            {
                return _segments.Count;
            }
        }
    }

    public string RejectedBatchesPath => _rejected.Path;

    /// <summary>Opens (creating if needed) and recovers the outbox in <see cref="OutboxOptions.Directory"/>.</summary>
    /// <exception cref="IOException">Another agent holds the directory, or it cannot be used.</exception>
    public static DiskOutbox Open(OutboxOptions options, AgentStatus status, TimeProvider time, ILogger logger)
    {
        Directory.CreateDirectory(options.Directory);
        var segmentsDirectory = Path.Combine(options.Directory, OutboxFormat.SegmentsDirectoryName);
        Directory.CreateDirectory(segmentsDirectory);

        // FileShare.None takes an exclusive flock on Unix: two agents appending to one outbox would
        // interleave ids. The kernel drops the lock when the process dies, even by SIGKILL.
        FileStream lockFile;
        try
        {
            lockFile = new FileStream(Path.Combine(options.Directory, OutboxFormat.LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new IOException($"the outbox {options.Directory} is in use by another station agent", ex);
        }

        try
        {
            var (ackedId, ackedSeq) = ReadCheckpoint(options.Directory, logger);
            var lastTaken = new Dictionary<string, ulong>(ackedSeq, StringComparer.Ordinal);
            var segments = Recover(segmentsDirectory, lastTaken, logger);
            var lastId = Math.Max(ackedId, segments.Count > 0 ? segments[^1].LastId : 0);

            // Segments the gateway has fully answered but that a crash left behind (deleted only after
            // the checkpoint). The newest stays: appends continue in it.
            for (var i = segments.Count - 2; i >= 0; i--)
            {
                if (segments[i].LastId <= ackedId)
                {
                    File.Delete(segments[i].Path);
                    segments.RemoveAt(i);
                }
            }

            var outbox = new DiskOutbox(options, status, time, logger, lockFile, segments, lastId, ackedId, lastTaken, ackedSeq);
            AgentLog.OutboxOpened(logger, options.Directory, lastId - ackedId, ackedId, segments.Count);
            return outbox;
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>The highest seq taken from <paramref name="deviceId"/> (in the outbox or already answered).</summary>
    public ulong LastTakenSeq(string deviceId)
    {
        lock (_gate)
        {
            return _lastTakenSeq.GetValueOrDefault(deviceId);
        }
    }

    /// <summary>
    /// Appends the drafts, in order, with one fsync. Returns each draft's id, or null for a draft refused
    /// because the outbox is at <see cref="OutboxOptions.MaxBytes"/>. When this returns, the appended
    /// entries survive a crash of the process or the machine.
    /// </summary>
    public async ValueTask<long?[]> AppendAsync(IReadOnlyList<OutboxDraft> drafts, CancellationToken cancellationToken)
    {
        var ids = new long?[drafts.Count];
        if (drafts.Count == 0)
        {
            return ids;
        }

        var payloads = drafts.Select(OutboxFormat.EncodePayload).ToArray();
        await _appendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The writes and the fsync are synchronous: .NET has no asynchronous fsync, and on Unix an
            // "async" file write is a thread-pool job anyway. Serial lines arrive a few per second, so
            // this blocks one pool thread for one fsync per read from a port.
            AppendLocked(drafts, payloads, ids);
        }
        finally
        {
            _appendGate.Release();
        }

        return ids;
    }

    /// <summary>Up to <paramref name="max"/> durable entries with an id above <paramref name="afterId"/>, in order.</summary>
    public IReadOnlyList<OutboxEntry> ReadAfter(long afterId, int max)
    {
        OutboxSegment[] segments;
        (OutboxSegment Segment, long Offset, long NextId)? cursor;
        lock (_gate)
        {
            segments = [.. _segments.Where(s => s.LastId > afterId)];
            cursor = _cursor;
        }

        var entries = new List<OutboxEntry>();
        foreach (var segment in segments)
        {
            long committed, lastId;
            lock (_gate)
            {
                committed = segment.CommittedLength;
                lastId = segment.LastId;
            }

            // The forwarder reads forward one entry after another: resume where the last read stopped
            // instead of walking the segment from its start again.
            var (offset, nextId) = cursor is { } c && ReferenceEquals(c.Segment, segment) && c.NextId <= afterId + 1
                ? (c.Offset, c.NextId)
                : ((long)OutboxFormat.SegmentHeaderSize, segment.FirstId);
            using var handle = File.OpenHandle(segment.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            while (offset < committed && nextId <= lastId && entries.Count < max)
            {
                var (id, payload, length) = ReadRecord(handle, segment.Path, offset);
                if (id != nextId)
                {
                    throw new InvalidDataException($"outbox segment {segment.Path}: record at {offset} has id {id}, expected {nextId}");
                }

                if (id > afterId)
                {
                    entries.Add(OutboxFormat.DecodePayload(id, payload));
                }

                offset += length;
                nextId++;
            }

            lock (_gate)
            {
                _cursor = (segment, offset, nextId);
            }

            if (entries.Count >= max)
            {
                break;
            }
        }

        return entries;
    }

    /// <summary>Completes when an entry with an id above <paramref name="afterId"/> is durable.</summary>
    public async Task WaitForEntriesAfterAsync(long afterId, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                if (_lastId > afterId)
                {
                    return;
                }

                signal = _appended.Task;
            }

            await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The gateway answered <paramref name="entry"/> (stored it, or had it already). Must be
    /// called in id order; takes effect on disk at the next <see cref="PersistAcknowledgements"/>.</summary>
    public void Acknowledge(OutboxEntry entry)
    {
        lock (_gate)
        {
            if (entry.Id <= _ackedId)
            {
                throw new InvalidOperationException($"outbox entry {entry.Id} acknowledged after {_ackedId}: answers must come in order");
            }

            _ackedId = entry.Id;
            if (entry.Batch.Seq > _ackedSeq.GetValueOrDefault(entry.Batch.DeviceId))
            {
                _ackedSeq[entry.Batch.DeviceId] = entry.Batch.Seq;
            }
        }

        UpdateStatus();
    }

    /// <summary>The gateway refused <paramref name="entry"/> for good: keep it, with the reason, in the
    /// rejected-batches file (fsync'd) and only then let it go from the queue.</summary>
    public void Refuse(OutboxEntry entry, RejectReason reason, string detail)
    {
        _rejected.Add(entry, reason, detail, _time.GetUtcNow());
        Acknowledge(entry);
    }

    /// <summary>Makes the acknowledgements durable (checkpoint) and deletes segments fully answered.
    /// Synchronous (fsync); called by the forwarder off its receive path.</summary>
    public void PersistAcknowledgements()
    {
        long acked;
        byte[] checkpoint;
        lock (_gate)
        {
            if (_ackedId == _persistedAckedId)
            {
                return;
            }

            acked = _ackedId;
            checkpoint = OutboxFormat.EncodeCheckpoint(acked, _ackedSeq);
        }

        var path = Path.Combine(_options.Directory, OutboxFormat.CheckpointFileName);
        var temp = path + ".tmp";
        using (var handle = File.OpenHandle(temp, FileMode.Create, FileAccess.Write))
        {
            RandomAccess.Write(handle, checkpoint, 0);
            RandomAccess.FlushToDisk(handle);
        }

        File.Move(temp, path, overwrite: true);
        DirectorySync.Fsync(_options.Directory);

        List<OutboxSegment> answered;
        lock (_gate)
        {
            _persistedAckedId = Math.Max(_persistedAckedId, acked);
            answered = [.. _segments.Take(_segments.Count - 1).Where(s => s.LastId <= acked)];
        }

        foreach (var segment in answered)
        {
            // Deleted only now that the checkpoint says so: after a crash, a segment still on disk is
            // either needed or recognised as answered by the checkpoint and deleted at start-up.
            File.Delete(segment.Path);
            lock (_gate)
            {
                _segments.Remove(segment);
                _segmentBytes -= segment.CommittedLength;
                if (_cursor is { } c && ReferenceEquals(c.Segment, segment))
                {
                    _cursor = null;
                }
            }
        }

        UpdateStatus();
    }

    public void Dispose()
    {
        _active?.Dispose();
        _rejected.Dispose();
        _lock.Dispose();
        _appendGate.Dispose();
    }

    private void AppendLocked(IReadOnlyList<OutboxDraft> drafts, byte[][] payloads, long?[] ids)
    {
        OutboxSegment? segment;
        long lastId, usedBytes;
        lock (_gate)
        {
            segment = _segments.Count > 0 ? _segments[^1] : null;
            lastId = _lastId;
            usedBytes = _segmentBytes + _rejected.SizeBytes;
        }

        var offset = segment?.CommittedLength ?? 0;
        var segmentLastId = segment?.LastId ?? 0;
        var appended = new List<(int Index, long Id)>(drafts.Count);
        var buffer = ArrayPool<byte>.Shared.Rent(OutboxFormat.RecordSize(payloads.Max(p => p.Length)));
        try
        {
            for (var i = 0; i < drafts.Count; i++)
            {
                var size = OutboxFormat.RecordSize(payloads[i].Length);
                if (usedBytes + size > _options.MaxBytes)
                {
                    continue;
                }

                var id = lastId + 1;
                var tooBig = offset + size > _options.SegmentBytes && offset > OutboxFormat.SegmentHeaderSize;

                // Ids within a segment are consecutive from its file name (recovery checks it), so a
                // segment whose ids cannot continue (emptied by recovery, ids skipped) is not reused.
                if (segment is null || tooBig || segmentLastId + 1 != id)
                {
                    if (segment is not null && segmentLastId >= segment.FirstId && appended.Count > 0)
                    {
                        // The full segment's records must be durable before a later segment holds newer ones.
                        RandomAccess.FlushToDisk(_active!);
                        Commit(segment, offset, segmentLastId);
                    }

                    segment = CreateSegment(id);
                    offset = OutboxFormat.SegmentHeaderSize;
                    segmentLastId = id - 1;
                    usedBytes += OutboxFormat.SegmentHeaderSize;
                }

                OutboxFormat.WriteRecord(buffer, id, payloads[i]);
                RandomAccess.Write(_active!, buffer.AsSpan(0, size), offset);
                offset += size;
                usedBytes += size;
                lastId = segmentLastId = id;
                appended.Add((i, id));
            }

            if (appended.Count > 0)
            {
                RandomAccess.FlushToDisk(_active!);
                Commit(segment!, offset, segmentLastId);
            }
        }
        catch
        {
            // Whatever reached the file past the committed length is not taken: cut it so that the next
            // append (or recovery) does not find a half-written record in the middle of a segment.
            lock (_gate)
            {
                if (_segments.Count > 0 && _active is not null)
                {
                    try
                    {
                        RandomAccess.SetLength(_active, _segments[^1].CommittedLength);
                    }
                    catch (IOException)
                    {
                        // Recovery cuts the torn tail instead.
                    }
                }
            }

            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        lock (_gate)
        {
            foreach (var (index, id) in appended)
            {
                ids[index] = id;
                var batch = drafts[index].Batch;
                if (batch.Seq > _lastTakenSeq.GetValueOrDefault(batch.DeviceId))
                {
                    _lastTakenSeq[batch.DeviceId] = batch.Seq;
                }
            }
        }

        var refused = appended.Count < drafts.Count;
        bool becameFull = false, becameFree = false;
        lock (_gate)
        {
            if (refused && !_full)
            {
                _full = becameFull = true;
            }
            else if (!refused && _full)
            {
                _full = false;
                becameFree = true;
            }
        }

        if (becameFull)
        {
            AgentLog.OutboxFull(_logger, _options.Directory, SizeBytes, _options.MaxBytes);
        }
        else if (becameFree)
        {
            AgentLog.OutboxHasRoom(_logger, SizeBytes, _options.MaxBytes);
        }

        UpdateStatus();
    }

    /// <summary>Publishes the fsync'd records of <paramref name="segment"/> up to <paramref name="lastId"/> to readers.</summary>
    private void Commit(OutboxSegment segment, long committedLength, long lastId)
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            _segmentBytes += committedLength - segment.CommittedLength;
            segment.CommittedLength = committedLength;
            segment.LastId = lastId;
            _lastId = Math.Max(_lastId, lastId);
            signal = _appended;
            _appended = NewSignal();
        }

        signal.TrySetResult();
    }

    private OutboxSegment CreateSegment(long firstId)
    {
        var path = Path.Combine(_segmentsDirectory, OutboxFormat.SegmentFileName(firstId));
        var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete);
        try
        {
            RandomAccess.Write(handle, OutboxFormat.SegmentMagic, 0);
            RandomAccess.FlushToDisk(handle);
            DirectorySync.Fsync(_segmentsDirectory);
        }
        catch
        {
            handle.Dispose();
            throw;
        }

        var segment = new OutboxSegment(path, firstId);
        lock (_gate)
        {
            _active?.Dispose();
            _active = handle;
            _segments.Add(segment);
            _segmentBytes += OutboxFormat.SegmentHeaderSize;
        }

        return segment;
    }

    private void UpdateStatus()
    {
        long pending, bytes;
        bool full;
        lock (_gate)
        {
            pending = _lastId - _ackedId;
            bytes = _segmentBytes + _rejected.SizeBytes;
            full = _full;
        }

        _status.Outbox(pending, bytes, full);
    }

    private static (long Id, byte[] Payload, int Length) ReadRecord(SafeFileHandle handle, string path, long offset)
    {
        Span<byte> header = stackalloc byte[OutboxFormat.RecordHeaderSize];
        if (RandomAccess.Read(handle, header, offset) != header.Length)
        {
            throw new InvalidDataException($"outbox segment {path}: short record header at {offset}");
        }

        var payloadLength = OutboxFormat.PayloadLength(header);
        if (payloadLength < 0)
        {
            throw new InvalidDataException($"outbox segment {path}: bad record length at {offset}");
        }

        var record = new byte[OutboxFormat.RecordSize(payloadLength)];
        if (RandomAccess.Read(handle, record, offset) != record.Length || !OutboxFormat.CrcMatches(record))
        {
            // Recovery verified this record; a mismatch now is damage to the disk after start-up.
            throw new InvalidDataException($"outbox segment {path}: record at {offset} fails its CRC");
        }

        return (OutboxFormat.RecordId(header), record[OutboxFormat.RecordHeaderSize..^OutboxFormat.RecordTrailerSize], record.Length);
    }

    private static (long AckedId, Dictionary<string, ulong> AckedSeq) ReadCheckpoint(string directory, ILogger logger)
    {
        var path = Path.Combine(directory, OutboxFormat.CheckpointFileName);
        File.Delete(path + ".tmp");
        if (!File.Exists(path))
        {
            return (0, new Dictionary<string, ulong>(StringComparer.Ordinal));
        }

        // rename(2) replaces the checkpoint atomically, so a bad one is damage, not a torn write. Falling
        // back to 0 resends what is still on disk: the gateway answers duplicates, nothing is skipped.
        if (OutboxFormat.TryDecodeCheckpoint(File.ReadAllBytes(path), out var acked, out var seqs))
        {
            return (acked, seqs);
        }

        AgentLog.CheckpointInvalid(logger, path);
        return (0, new Dictionary<string, ulong>(StringComparer.Ordinal));
    }

    private static List<OutboxSegment> Recover(string directory, Dictionary<string, ulong> lastTaken, ILogger logger)
    {
        var files = Directory.EnumerateFiles(directory)
            .Select(path => (Path: path, Ok: OutboxFormat.TryParseSegmentFileName(Path.GetFileName(path), out var first), First: first))
            .Where(f => f.Ok)
            .OrderBy(f => f.First)
            .ToList();
        var segments = new List<OutboxSegment>(files.Count);
        for (var i = 0; i < files.Count; i++)
        {
            var (path, _, firstId) = files[i];
            var newest = i == files.Count - 1;
            var segment = new OutboxSegment(path, firstId);
            long length;
            long validEnd;
            using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite))
            {
                length = RandomAccess.GetLength(handle);
                validEnd = Scan(handle, segment, length, lastTaken);
                if (validEnd < 0)
                {
                    // No valid header: the crash came while the segment was being created (nothing in it
                    // was ever taken) or the file is not ours.
                    handle.Dispose();
                    if (newest && length < OutboxFormat.SegmentHeaderSize)
                    {
                        File.Delete(path);
                    }
                    else
                    {
                        File.Move(path, path + ".corrupt", overwrite: true);
                        AgentLog.SegmentCorrupt(logger, path, 0, length);
                    }

                    continue;
                }

                if (validEnd < length)
                {
                    if (newest)
                    {
                        // A record whose write was cut by the crash: its fsync never returned, so its line
                        // was never reported as taken.
                        AgentLog.TornTailCut(logger, path, length - validEnd, segment.LastId);
                    }
                    else
                    {
                        // Not a torn write (later segments exist): the disk damaged fsync'd records. Keep
                        // the bytes for a person, and say so loudly.
                        var tail = new byte[length - validEnd];
                        RandomAccess.Read(handle, tail, validEnd);
                        File.WriteAllBytes($"{path}.{validEnd}.corrupt", tail);
                        AgentLog.SegmentCorrupt(logger, path, validEnd, length - validEnd);
                    }

                    RandomAccess.SetLength(handle, validEnd);
                    RandomAccess.FlushToDisk(handle);
                }
            }

            segment.CommittedLength = validEnd;
            if (segment.RecordCount == 0 && !newest)
            {
                File.Delete(path);
                continue;
            }

            segments.Add(segment);
        }

        return segments;
    }

    /// <summary>Walks the records of a segment; returns where the valid prefix ends, -1 without a valid header.</summary>
    private static long Scan(SafeFileHandle handle, OutboxSegment segment, long length, Dictionary<string, ulong> lastTaken)
    {
        Span<byte> magic = stackalloc byte[OutboxFormat.SegmentHeaderSize];
        if (length < OutboxFormat.SegmentHeaderSize || RandomAccess.Read(handle, magic, 0) != magic.Length || !magic.SequenceEqual(OutboxFormat.SegmentMagic))
        {
            return -1;
        }

        long offset = OutboxFormat.SegmentHeaderSize;
        var expectedId = segment.FirstId;
        Span<byte> header = stackalloc byte[OutboxFormat.RecordHeaderSize];
        while (offset + OutboxFormat.RecordOverhead <= length)
        {
            RandomAccess.Read(handle, header, offset);
            var payloadLength = OutboxFormat.PayloadLength(header);
            if (payloadLength < 0 || OutboxFormat.RecordId(header) != expectedId || offset + OutboxFormat.RecordSize(payloadLength) > length)
            {
                break;
            }

            var record = new byte[OutboxFormat.RecordSize(payloadLength)];
            RandomAccess.Read(handle, record, offset);
            if (!OutboxFormat.CrcMatches(record))
            {
                break;
            }

            OutboxEntry entry;
            try
            {
                entry = OutboxFormat.DecodePayload(expectedId, record.AsSpan(OutboxFormat.RecordHeaderSize, payloadLength));
            }
            catch (Exception ex) when (ex is InvalidDataException or Google.Protobuf.InvalidProtocolBufferException)
            {
                break;
            }

            if (entry.Batch.Seq > lastTaken.GetValueOrDefault(entry.Batch.DeviceId))
            {
                lastTaken[entry.Batch.DeviceId] = entry.Batch.Seq;
            }

            segment.LastId = expectedId;
            expectedId++;
            offset += record.Length;
        }

        return offset;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
