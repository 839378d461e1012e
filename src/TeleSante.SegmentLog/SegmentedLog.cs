using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using TeleSante.Durability;
using TeleSante.SegmentLog.Internal;

namespace TeleSante.SegmentLog;

/// <summary>
/// A durable, segmented log of opaque payloads: a record is acknowledged to whoever handed it over only once it is
/// fsync'd here, a consumer later reads it (in sequence order) and confirms it, which lets the log delete it. The
/// gateway's write-ahead log (records on their way to InfluxDB) and the station agent's outbox (readings on their way
/// to the gateway) are both built on it; what a payload holds is theirs to define.
/// </summary>
/// <remarks>
/// <para><b>Guarantees.</b> <see cref="AppendAsync"/> completes with <see cref="AppendStatus.Appended"/> only after
/// the record was written and fsync'd; a power cut or SIGKILL after that never loses it. Sequences are 1-based and
/// strictly increasing across segments and restarts; gaps are possible (records of a failed write, damaged records).
/// Appends complete in the order they were queued. Readers only ever see fsync'd records.</para>
/// <para><b>Group commit.</b> Appends go through a bounded queue (<see cref="SegmentedLogOptions.AppendQueueCapacity"/>) to a
/// single writer loop, which takes up to <see cref="SegmentedLogOptions.GroupCommitMaxRecords"/> records or
/// <see cref="SegmentedLogOptions.GroupCommitMaxBytes"/> bytes, writes them with one gather write, makes them durable with one
/// fsync, then completes them all.</para>
/// <para><b>On disk.</b> A directory holding segment files <c>{first sequence:D20}.wal</c>, a <c>checkpoint</c> and a
/// <c>lock</c> file (one process per directory). All integers little endian:
/// <code>
/// segment header (24 bytes)  [8 magic "TSWALSEG"][u32 version = 1][u64 first sequence][u32 CRC-32 of the 20 bytes before]
/// record (16 + n bytes)      [u32 payload length n][u32 CRC-32 of (sequence || payload)][u64 sequence][payload]
/// checkpoint (20 bytes)      [8 magic "TSWALCKP"][u64 confirmed sequence][u32 CRC-32 of the 16 bytes before]
/// </code>
/// A new segment starts when the next record would take the current one past <see cref="SegmentedLogOptions.SegmentBytes"/>.
/// Creating or deleting a segment and replacing the checkpoint are followed by an fsync of the directory.</para>
/// <para><b>Start-up</b> (<see cref="Open"/>) validates every record of every segment. A torn tail of the last segment
/// (a final group that was never fsync'd, hence never acknowledged) is truncated with a warning. Damage anywhere else
/// is logged as an error: the original file is kept as <c>*.corrupt</c>, the valid records before and after the
/// damage (found again by scanning for the next record whose length, sequence and CRC check out) are rewritten as
/// live segments and replayed; only the damaged records are lost. Opening never fails because of damaged content,
/// only because the disk cannot be read or written.</para>
/// <para><b>IO errors.</b> If a write or fsync fails, the appends of that group fail with the exception (they were
/// not acknowledged), the segment is truncated back to its last durable length and never written again, and the next
/// append starts a new segment; the failed sequences are not reused.</para>
/// <para><b>Space.</b> <see cref="ConfirmAsync"/> persists the checkpoint, then deletes the segments whose records are
/// all confirmed (never the segment being written). An append that would take the segments past
/// <see cref="SegmentedLogOptions.DiskBudgetBytes"/>, or the filesystem below <see cref="SegmentedLogOptions.MinFreeDiskBytes"/> free,
/// answers <see cref="AppendStatus.Full"/> without writing anything; <see cref="WaitForCapacityAsync"/> lets
/// callers push back instead.</para>
/// </remarks>
public sealed class SegmentedLog : IAsyncDisposable
{
    // Free space can come back without any event here (an operator cleans the disk): capacity waiters re-probe.
    private static readonly TimeSpan CapacityProbeInterval = TimeSpan.FromSeconds(1);

    private readonly SegmentedLogOptions _options;
    private readonly string _directory;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly FileStream _lock;
    private readonly SegmentCatalog _catalog;
    private readonly CapacityGate _capacity = new();
    private readonly LogWriter _writer;
    private readonly Task _writerTask;
    private readonly SemaphoreSlim _confirmLock = new(1, 1);
    private readonly List<SegmentInfo> _undeleted = [];
    private long _confirmedSequence;
    private long _rejectedTooLargeCount;
    private int _disposed;

    private SegmentedLog(
        SegmentedLogOptions options, string directory, FileStream lockFile, RecoveredState state, SafeFileHandle? activeHandle, TimeProvider timeProvider, ILogger logger, LogTestHooks? hooks)
    {
        _options = options;
        _directory = directory;
        _lock = lockFile;
        _timeProvider = timeProvider;
        _logger = logger;
        _confirmedSequence = state.ConfirmedSequence;
        _catalog = new SegmentCatalog(state.Segments, state.LastSequence);
        var active = activeHandle is null ? null : state.Segments[^1];
        _writer = new LogWriter(options, directory, _catalog, _capacity, active, activeHandle, state.NextSequence, timeProvider, logger, hooks);
        _writerTask = Task.Run(_writer.RunAsync);
    }

    /// <summary>Bytes of segment files on disk.</summary>
    public long SizeBytes => _catalog.SizeBytes;

    /// <summary>Segment files on disk.</summary>
    public int SegmentCount => _catalog.Count;

    /// <summary>Highest acknowledged (durable) sequence; after a restart at least <see cref="ConfirmedSequence"/>.</summary>
    public long LastSequence => _catalog.LastSequence;

    /// <summary>Highest sequence the consumer confirmed, as durably checkpointed.</summary>
    public long ConfirmedSequence => Interlocked.Read(ref _confirmedSequence);

    /// <summary>True after an append was refused for lack of space, until room for it is back.</summary>
    public bool IsFull => _capacity.IsFull;

    /// <summary>Records appended (made durable) since open.</summary>
    public long AppendCount => _writer.AppendCount;

    /// <summary>fsync calls on segment files since open (one per group commit, one per new segment).</summary>
    public long FsyncCount => _writer.FsyncCount;

    /// <summary>Record bytes (headers included) made durable since open.</summary>
    public long BytesWritten => _writer.BytesWritten;

    /// <summary>Appends answered <see cref="AppendStatus.Full"/> since open.</summary>
    public long RejectedFullCount => _writer.RejectedFullCount;

    /// <summary>Appends answered <see cref="AppendStatus.TooLarge"/> since open.</summary>
    public long RejectedTooLargeCount => Interlocked.Read(ref _rejectedTooLargeCount);

    /// <summary>Opens (creating if needed) the log in <see cref="SegmentedLogOptions.Directory"/>, validating and repairing it.</summary>
    /// <exception cref="ValidationException"><paramref name="options"/> are invalid.</exception>
    /// <exception cref="IOException">The directory is used by another log, or cannot be read or written.</exception>
    /// <param name="options">Where and how big; copied, so later changes to the object have no effect.</param>
    /// <param name="timeProvider">Clock for slow-fsync warnings, quarantine names and capacity probes.</param>
    /// <param name="logger">Where the log's own events (1200-1299) go: pass the owner's logger, so that they read as its own.</param>
    public static SegmentedLog Open(SegmentedLogOptions options, TimeProvider timeProvider, ILogger logger) =>
        Open(options, timeProvider, logger, hooks: null);

    internal static SegmentedLog Open(SegmentedLogOptions options, TimeProvider timeProvider, ILogger logger, LogTestHooks? hooks)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        // A private copy: options objects are mutable (configuration reloads) and limits must not move under the log.
        options = new SegmentedLogOptions
        {
            Directory = options.Directory,
            SegmentBytes = options.SegmentBytes,
            DiskBudgetBytes = options.DiskBudgetBytes,
            MinFreeDiskBytes = options.MinFreeDiskBytes,
            MaxRecordBytes = options.MaxRecordBytes,
            GroupCommitMaxRecords = options.GroupCommitMaxRecords,
            GroupCommitMaxBytes = options.GroupCommitMaxBytes,
            GroupCommitInterval = options.GroupCommitInterval,
            AppendQueueCapacity = options.AppendQueueCapacity,
        };
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);

        var started = timeProvider.GetTimestamp();
        var directory = Path.GetFullPath(options.Directory);
        LogRecovery.EnsureDirectory(directory);

        // Two processes appending to one directory would interleave records; FileShare.None takes an exclusive lock.
        var lockFile = new FileStream(Path.Combine(directory, SegmentFormat.LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        SafeFileHandle? activeHandle = null;
        try
        {
            var state = LogRecovery.Recover(directory, timeProvider, logger);
            if (state.Segments.Count > 0)
            {
                // Appends continue in the last segment, right after its last valid record.
                activeHandle = File.OpenHandle(state.Segments[^1].Path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
            }

            var log = new SegmentedLog(options, directory, lockFile, state, activeHandle, timeProvider, logger, hooks);
            SegmentLogMessages.Opened(logger, directory, log.SegmentCount, log.SizeBytes, log.LastSequence, log.ConfirmedSequence, (long)timeProvider.GetElapsedTime(started).TotalMilliseconds);
            return log;
        }
        catch
        {
            activeHandle?.Dispose();
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Appends a record and completes once it is fsync'd (<see cref="AppendStatus.Appended"/>), or without writing
    /// anything: <see cref="AppendStatus.Full"/> (retryable) or <see cref="AppendStatus.TooLarge"/>. Waits while
    /// the append queue is full. The payload is copied before this returns its first await.
    /// </summary>
    /// <exception cref="IOException">The write or fsync failed; the record is not acknowledged.</exception>
    /// <exception cref="OperationCanceledException">The wait was cancelled. If the record was already queued it may
    /// still become durable, but it must be treated as not acknowledged.</exception>
    /// <exception cref="ObjectDisposedException">The log is disposed or being disposed.</exception>
    public ValueTask<AppendResult> AppendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (payload.Length > _options.MaxRecordBytes)
        {
            _ = Interlocked.Increment(ref _rejectedTooLargeCount);
            return ValueTask.FromResult(AppendResult.TooLarge);
        }

        return _writer.AppendAsync(payload, cancellationToken);
    }

    /// <summary>
    /// A reader of the records with a sequence above <paramref name="afterSequence"/>, typically
    /// <see cref="ConfirmedSequence"/>. Records already deleted (confirmed) are skipped.
    /// </summary>
    public SegmentedLogReader OpenReader(long afterSequence)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentOutOfRangeException.ThrowIfNegative(afterSequence);
        return new SegmentedLogReader(_catalog, afterSequence);
    }

    /// <summary>
    /// Completes once a record with a sequence above <paramref name="afterSequence"/> is durable (at once if there is
    /// one already), for consumers that poll with their own reads rather than hold a <see cref="SegmentedLogReader"/>.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The log is disposed (before or while waiting).</exception>
    public async Task WaitForAppendAsync(long afterSequence, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            // Taken before looking, so an append published in between still wakes us.
            var changed = _catalog.Changed;
            if (LastSequence > afterSequence)
            {
                return;
            }

            ObjectDisposedException.ThrowIf(_catalog.IsCompleted, this);
            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Records that the consumer is done with every record up to <paramref name="upToSequence"/>: persists the
    /// checkpoint durably, then deletes the segments whose records are all confirmed. Confirming less than
    /// <see cref="ConfirmedSequence"/> does nothing.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="upToSequence"/> is above <see cref="LastSequence"/>.</exception>
    /// <exception cref="IOException">The checkpoint could not be written; nothing changed.</exception>
    public async ValueTask ConfirmAsync(long upToSequence, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        ArgumentOutOfRangeException.ThrowIfNegative(upToSequence);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(upToSequence, LastSequence);
        await _confirmLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            if (upToSequence <= ConfirmedSequence)
            {
                return;
            }

            // Checkpoint first, deletions second: a crash in between leaves confirmed segments behind, which the next
            // Open deletes; the other order could leave a checkpoint behind data that is gone.
            // The file work is synchronous: there is no asynchronous fsync, and it takes milliseconds.
            CheckpointFile.Write(_directory, upToSequence);
            Interlocked.Exchange(ref _confirmedSequence, upToSequence);
            if (DeleteConfirmedSegments(upToSequence) > 0)
            {
                _ = _writer.TryReleaseCapacity();
            }
        }
        finally
        {
            _confirmLock.Release();
        }
    }

    /// <summary>
    /// Completes when appends would be accepted again: at once if the log is not full, otherwise once confirmed
    /// segments were deleted or free disk space came back. A following append can still meet
    /// <see cref="AppendStatus.Full"/> if others took the room first.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The log is disposed.</exception>
    public async Task WaitForCapacityAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            var released = _capacity.Released;
            if (_writer.TryReleaseCapacity())
            {
                return;
            }

            using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(CapacityProbeInterval, _timeProvider, probe.Token);
            _ = await Task.WhenAny(released, delay).ConfigureAwait(false);
            await probe.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    /// <summary>
    /// Stops accepting appends (they throw <see cref="ObjectDisposedException"/>), writes and acknowledges those
    /// already queued, closes the files. Readers can still drain what is durable, then see the end.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _writer.Complete();
        await _writerTask.ConfigureAwait(false);

        // Let a confirm in progress finish its file work before the directory lock goes.
        await _confirmLock.WaitAsync().ConfigureAwait(false);
        _confirmLock.Release();

        _catalog.Complete();
        _capacity.ReleaseAll();
        await _lock.DisposeAsync().ConfigureAwait(false);
        SegmentLogMessages.Closed(_logger, LastSequence, ConfirmedSequence);
    }

    private int DeleteConfirmedSegments(long upToSequence)
    {
        // Segments whose deletion failed earlier come first: they precede everything still in the catalog.
        var candidates = new List<SegmentInfo>(_undeleted);
        _undeleted.Clear();
        candidates.AddRange(_catalog.ConfirmedPrefix(upToSequence));

        var deleted = 0;
        foreach (var segment in candidates)
        {
            // Out of the catalog before the file goes, so that no reader looks it up after it has gone.
            _catalog.Remove(segment);

            try
            {
                File.Delete(segment.Path);
                _catalog.AddBytes(-segment.FileBytes);
                deleted++;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                SegmentLogMessages.SegmentDeleteFailed(_logger, segment.Path, exception);
                _undeleted.Add(segment);
            }
        }

        if (deleted > 0)
        {
            try
            {
                DirectorySync.Fsync(_directory);
            }
            catch (IOException exception)
            {
                SegmentLogMessages.DirectorySyncFailed(_logger, _directory, exception);
            }

            SegmentLogMessages.SegmentsDeleted(_logger, deleted, upToSequence);
        }

        return deleted;
    }
}
