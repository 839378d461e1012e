using Google.Protobuf;
using Microsoft.Extensions.Logging;
using TeleSante.Contracts.V1;
using TeleSante.Durability;
using TeleSante.SegmentLog;
using TeleSante.SegmentLog.Internal;

namespace TeleSante.StationAgent.Internal;

/// <summary>
/// The station's store-and-forward queue: readings waiting for the gateway, on the shared segment log
/// (<see cref="SegmentedLog"/>, the same log as the gateway's write-ahead log) in <c>log/</c>.
/// <list type="bullet">
/// <item>One log record per reading (<see cref="OutboxFormat.EncodePayload"/>); its sequence is the entry id. A
/// serial line is "taken" only when <see cref="AppendAsync"/> returned its id, which happens after fsync; the lines
/// of one read from the port are queued together and share the log's group commit.</item>
/// <item>The forwarder reads entries in id order and calls <see cref="Acknowledge"/> for each answered one (ack,
/// duplicate, or refusal already written to the rejected-batches file), strictly in order.
/// <see cref="PersistAcknowledgementsAsync"/> then writes the outbox checkpoint (acked id + last acked seq per device;
/// temp file, fsync, rename, directory fsync) and confirms the log up to the acked id, which deletes the segments
/// whose entries are all acknowledged.</item>
/// <item>At start-up the log checks every record: a torn tail (a write cut by a crash, never reported as taken) is
/// cut; damage elsewhere is kept aside as <c>.corrupt</c> and reported as an error, and the intact entries after it
/// are still sent. A failed write or fsync fails the lines of that group (not taken) and retires the segment: Linux
/// may have dropped its dirty pages, so it is never written again and the next lines go to a new segment.</item>
/// <item>An outbox written by an older agent (<c>segments/*.seg</c>) is moved onto the log at start-up, ids kept
/// (<see cref="LegacyOutboxUpgrade"/>).</item>
/// </list>
/// A crash between an answer and the checkpoint only makes the agent resend entries the gateway already
/// stored, which it answers as duplicates: nothing is lost and nothing is stored twice. The checkpoint
/// trails the answers by one fsync at most, far inside the gateway's 4096-seq deduplication window.
/// </summary>
internal sealed class DiskOutbox : IAsyncDisposable
{
    private readonly OutboxOptions _options;
    private readonly AgentStatus _status;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly FileStream _lock;
    private readonly SegmentedLog _log;
    private readonly RejectedBatchStore _rejected;
    private readonly Dictionary<string, ulong> _lastTakenSeq;
    private readonly Dictionary<string, ulong> _ackedSeq;
    private readonly SemaphoreSlim _appendGate = new(1, 1);
    private readonly SemaphoreSlim _persistGate = new(1, 1);
    private readonly Lock _gate = new();
    private readonly Lock _readGate = new();
    private SegmentedLogReader? _reader;
    private long _ackedId;
    private long _persistedAckedId;
    private bool _full;

    private DiskOutbox(
        OutboxOptions options,
        AgentStatus status,
        TimeProvider time,
        ILogger logger,
        FileStream lockFile,
        SegmentedLog log,
        long ackedId,
        Dictionary<string, ulong> lastTakenSeq,
        Dictionary<string, ulong> ackedSeq)
    {
        _options = options;
        _status = status;
        _time = time;
        _logger = logger;
        _lock = lockFile;
        _log = log;
        _ackedId = ackedId;
        _persistedAckedId = ackedId;
        _lastTakenSeq = lastTakenSeq;
        _ackedSeq = ackedSeq;
        _rejected = new RejectedBatchStore(options.Directory);
        UpdateStatus();
    }

    /// <summary>Id of the last durable entry (0 when nothing was ever appended).</summary>
    public long LastId => Math.Max(_log.LastSequence, AckedId);

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

    /// <summary>Entries not answered yet (ids skipped by a failed write count too, as an upper bound).</summary>
    public long PendingCount => LastId - AckedId;

    /// <summary>Bytes counted against <see cref="OutboxOptions.MaxBytes"/>: segments and rejected batches.</summary>
    public long SizeBytes => _log.SizeBytes + _rejected.SizeBytes;

    public int SegmentCount => _log.SegmentCount;

    public string RejectedBatchesPath => _rejected.Path;

    /// <summary>Opens (creating if needed) and recovers the outbox in <see cref="OutboxOptions.Directory"/>.</summary>
    /// <exception cref="IOException">Another agent holds the directory, or it cannot be used.</exception>
    public static DiskOutbox Open(OutboxOptions options, AgentStatus status, TimeProvider time, ILogger logger) =>
        Open(options, status, time, logger, hooks: null);

    internal static DiskOutbox Open(OutboxOptions options, AgentStatus status, TimeProvider time, ILogger logger, LogTestHooks? hooks)
    {
        Directory.CreateDirectory(options.Directory);

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

        SegmentedLog? log = null;
        try
        {
            var (ackedId, ackedSeq) = ReadCheckpoint(options.Directory, logger);
            var logDirectory = Path.Combine(options.Directory, OutboxFormat.LogDirectoryName);
            LegacyOutboxUpgrade.RunIfNeeded(options.Directory, logDirectory, logger);
            log = SegmentedLog.Open(LogOptions(options, logDirectory), time, logger, hooks);

            // The last seq taken per device: answered ones from the checkpoint, waiting ones from the log.
            var lastTaken = new Dictionary<string, ulong>(ackedSeq, StringComparer.Ordinal);
            using (var reader = log.OpenReader(0))
            {
                while (reader.TryRead(out var record))
                {
                    if (TryDecode(record, logger) is { } entry && entry.Batch.Seq > lastTaken.GetValueOrDefault(entry.Batch.DeviceId))
                    {
                        lastTaken[entry.Batch.DeviceId] = entry.Batch.Seq;
                    }
                }
            }

            var outbox = new DiskOutbox(options, status, time, logger, lockFile, log, ackedId, lastTaken, ackedSeq);
            AgentLog.OutboxOpened(logger, options.Directory, outbox.PendingCount, ackedId, log.SegmentCount);
            return outbox;
        }
        catch
        {
            // Not awaited: nothing was appended, so disposing only stops an idle writer and closes files.
            _ = log?.DisposeAsync().AsTask();
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
    /// Appends the drafts, in order, sharing fsyncs (group commit). Returns each draft's id, or null for a draft not
    /// taken: refused because the outbox is at <see cref="OutboxOptions.MaxBytes"/>, or in a group whose write or
    /// fsync failed (logged by the log as an error; that segment is retired). When this returns, the entries that
    /// got an id survive a crash of the process or the machine.
    /// </summary>
    /// <exception cref="IOException">The write or fsync failed and no draft was taken.</exception>
    public async ValueTask<long?[]> AppendAsync(IReadOnlyList<OutboxDraft> drafts, CancellationToken cancellationToken)
    {
        var ids = new long?[drafts.Count];
        if (drafts.Count == 0)
        {
            return ids;
        }

        var payloads = drafts.Select(OutboxFormat.EncodePayload).ToArray();
        IOException? failure = null;
        var taken = 0;
        await _appendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Queued together, before awaiting any: the log's single writer then makes them durable with one fsync.
            // The budget counts a segment header per record so that a new segment never takes it past MaxBytes.
            var used = SizeBytes;
            var appends = new List<(int Index, ValueTask<AppendResult> Append)>(drafts.Count);
            for (var i = 0; i < drafts.Count; i++)
            {
                var size = payloads[i].Length + SegmentedLogOptions.RecordHeaderBytes + SegmentedLogOptions.SegmentHeaderBytes;
                if (used + size > _options.MaxBytes)
                {
                    continue;
                }

                used += size;
                appends.Add((i, _log.AppendAsync(payloads[i], CancellationToken.None)));
            }

            foreach (var (index, append) in appends)
            {
                try
                {
                    var result = await append.ConfigureAwait(false);
                    if (result.IsAppended)
                    {
                        ids[index] = result.Sequence;
                        taken++;
                    }
                }
                catch (IOException ex)
                {
                    failure ??= ex;
                }
            }
        }
        finally
        {
            _appendGate.Release();
        }

        lock (_gate)
        {
            for (var i = 0; i < drafts.Count; i++)
            {
                var batch = drafts[i].Batch;
                if (ids[i] is not null && batch.Seq > _lastTakenSeq.GetValueOrDefault(batch.DeviceId))
                {
                    _lastTakenSeq[batch.DeviceId] = batch.Seq;
                }
            }
        }

        if (failure is not null && taken == 0)
        {
            UpdateStatus();
            throw failure;
        }

        // A failed write is not "full": only budget refusals change that state.
        if (failure is null)
        {
            TrackFull(refused: taken < drafts.Count);
        }

        UpdateStatus();
        return ids;
    }

    /// <summary>Up to <paramref name="max"/> durable entries with an id above <paramref name="afterId"/>, in order.</summary>
    /// <exception cref="InvalidDataException">An entry valid at start-up no longer is (disk damage since).</exception>
    public IReadOnlyList<OutboxEntry> ReadAfter(long afterId, int max)
    {
        var entries = new List<OutboxEntry>();
        lock (_readGate)
        {
            // The forwarder reads forward one batch after another: keep the reader where the last read stopped
            // instead of walking the log from the start again.
            if (_reader is null || _reader.LastReadSequence != afterId)
            {
                _reader?.Dispose();
                _reader = _log.OpenReader(afterId);
            }

            while (entries.Count < max && _reader.TryRead(out var record))
            {
                if (TryDecode(record, _logger) is { } entry)
                {
                    entries.Add(entry);
                }
            }
        }

        return entries;
    }

    /// <summary>Completes when an entry with an id above <paramref name="afterId"/> is durable.</summary>
    public Task WaitForEntriesAfterAsync(long afterId, CancellationToken cancellationToken) =>
        _log.WaitForAppendAsync(afterId, cancellationToken);

    /// <summary>The gateway answered <paramref name="entry"/> (stored it, or had it already). Must be
    /// called in id order; takes effect on disk at the next <see cref="PersistAcknowledgementsAsync"/>.</summary>
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

    /// <summary>Makes the acknowledgements durable (checkpoint), then confirms them to the log, which deletes the
    /// segments fully answered. Called by the forwarder off its receive path.</summary>
    /// <exception cref="IOException">The checkpoint could not be written; the answers stay on disk and are resent
    /// after a restart if it never can.</exception>
    public async Task PersistAcknowledgementsAsync()
    {
        await _persistGate.WaitAsync().ConfigureAwait(false);
        try
        {
            long acked;
            byte[]? checkpoint = null;
            lock (_gate)
            {
                acked = _ackedId;
                if (acked != _persistedAckedId)
                {
                    checkpoint = OutboxFormat.EncodeCheckpoint(acked, _ackedSeq);
                }
            }

            if (checkpoint is not null)
            {
                // The outbox checkpoint first: it holds the last seq per device, which must survive the segments.
                // The file work is synchronous: there is no asynchronous fsync, and it takes milliseconds.
                WriteCheckpoint(checkpoint);
                lock (_gate)
                {
                    _persistedAckedId = Math.Max(_persistedAckedId, acked);
                }
            }

            // Also after a restart whose log checkpoint lagged the outbox's (a crash between the two).
            var confirm = Math.Min(acked, _log.LastSequence);
            if (confirm > _log.ConfirmedSequence)
            {
                await _log.ConfirmAsync(confirm).ConfigureAwait(false);
            }
        }
        finally
        {
            _persistGate.Release();
        }

        UpdateStatus();
    }

    public async ValueTask DisposeAsync()
    {
        await _log.DisposeAsync().ConfigureAwait(false);
        lock (_readGate)
        {
            _reader?.Dispose();
            _reader = null;
        }

        _rejected.Dispose();
        await _lock.DisposeAsync().ConfigureAwait(false);
        _appendGate.Dispose();
        _persistGate.Dispose();
    }

    internal static SegmentedLogOptions LogOptions(OutboxOptions options, string logDirectory) => new()
    {
        Directory = logDirectory,
        SegmentBytes = options.SegmentBytes,
        DiskBudgetBytes = options.MaxBytes,
        MinFreeDiskBytes = 0,
        MaxRecordBytes = Math.Min(OutboxFormat.MaxPayloadBytes, options.SegmentBytes - SegmentedLogOptions.SegmentHeaderBytes - SegmentedLogOptions.RecordHeaderBytes),
    };

    private void WriteCheckpoint(byte[] checkpoint)
    {
        var path = Path.Combine(_options.Directory, OutboxFormat.CheckpointFileName);
        var temp = path + ".tmp";
        using (var handle = File.OpenHandle(temp, FileMode.Create, FileAccess.Write))
        {
            RandomAccess.Write(handle, checkpoint, 0);
            RandomAccess.FlushToDisk(handle);
        }

        File.Move(temp, path, overwrite: true);
        DirectorySync.Fsync(_options.Directory);
    }

    private void TrackFull(bool refused)
    {
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
    }

    private void UpdateStatus()
    {
        bool full;
        lock (_gate)
        {
            full = _full;
        }

        _status.Outbox(PendingCount, SizeBytes, full);
    }

    private static OutboxEntry? TryDecode(LogRecord record, ILogger logger)
    {
        try
        {
            return OutboxFormat.DecodePayload(record.Sequence, record.Payload.Span);
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidProtocolBufferException)
        {
            // The CRC matched, so these are the bytes that were written: a bug, not a disk error. Say so and go on
            // with the rest rather than block every later reading behind it.
            AgentLog.EntryUndecodable(logger, record.Sequence, ex.Message);
            return null;
        }
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
}
