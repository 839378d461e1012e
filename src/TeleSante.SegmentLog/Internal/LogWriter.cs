using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using TeleSante.Durability;

namespace TeleSante.SegmentLog.Internal;

/// <summary>
/// The single group-commit loop. It alone writes segment data and assigns sequences, so ordering needs no lock, and
/// everything that queued up while the previous fsync ran is made durable by the next single fsync.
/// </summary>
internal sealed class LogWriter
{
    // pwritev(2) refuses more than IOV_MAX (1024 on Linux) buffers in one call.
    private const int MaxBuffersPerWrite = 512;
    private static readonly TimeSpan SlowFsyncThreshold = TimeSpan.FromSeconds(1);

    private readonly SegmentedLogOptions _options;
    private readonly string _directory;
    private readonly SegmentCatalog _catalog;
    private readonly CapacityGate _capacity;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly LogTestHooks? _hooks;
    private readonly Channel<PendingAppend> _queue;
    private readonly List<PendingAppend> _group = [];
    private readonly List<PendingAppend> _batch = []; // appends of the batch being built, in queue order
    private readonly List<PendingAppend> _decided = []; // outcomes known, not yet announced to their callers
    private readonly ReadOnlyMemory<byte>[] _vectors = new ReadOnlyMemory<byte>[MaxBuffersPerWrite];

    private PendingAppend? _carry;
    private SafeFileHandle? _handle;
    private SegmentInfo? _active;
    private long _activeEnd; // durable length plus the records of the batch being built
    private int _batchRecords; // appends of the batch that are written, as opposed to refused
    private long _nextSequence;
    private int _freeSpaceProbeFailed;
    private long _lastSyncStarted; // Stopwatch timestamp; wall time on purpose: pacing is about the disk, not the clock the log reports in

    private long _appendCount;
    private long _fsyncCount;
    private long _bytesWritten;
    private long _rejectedFullCount;

    public LogWriter(
        SegmentedLogOptions options,
        string directory,
        SegmentCatalog catalog,
        CapacityGate capacity,
        SegmentInfo? resumeSegment,
        SafeFileHandle? resumeHandle,
        long nextSequence,
        TimeProvider timeProvider,
        ILogger logger,
        LogTestHooks? hooks)
    {
        _options = options;
        _directory = directory;
        _catalog = catalog;
        _capacity = capacity;
        _timeProvider = timeProvider;
        _logger = logger;
        _hooks = hooks;
        _active = resumeSegment;
        _handle = resumeHandle;
        _activeEnd = resumeSegment?.Length ?? 0;
        _nextSequence = nextSequence;
        _queue = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(options.AppendQueueCapacity)
        {
            // Callers wait for room (back-pressure) rather than lose an append; one loop reads, any thread appends.
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
        });
    }

    public long AppendCount => Interlocked.Read(ref _appendCount);

    public long FsyncCount => Interlocked.Read(ref _fsyncCount);

    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    public long RejectedFullCount => Interlocked.Read(ref _rejectedFullCount);

    public async ValueTask<AppendResult> AppendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        var append = new PendingAppend(payload.Span);
        try
        {
            await _queue.Writer.WriteAsync(append, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            append.ReturnBuffer();
            throw new ObjectDisposedException(nameof(SegmentedLog));
        }
        catch
        {
            append.ReturnBuffer();
            throw;
        }

        // Once queued the record will be written whatever happens to this caller: cancelling only stops the wait, and
        // the caller must then treat the record as not acknowledged (its sender resends, a duplicate at worst).
        return await append.Completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops accepting appends; those already queued are still written before <see cref="RunAsync"/> ends.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    public async Task RunAsync()
    {
        // The group's pwrite and fsync are synchronous: .NET has no asynchronous fsync, and on Unix an "async" file
        // write is a thread-pool job anyway. This loop is the only place that blocks, one pool thread at a time.
        var reader = _queue.Reader;
        while (_carry is not null || await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            await PaceAsync().ConfigureAwait(false);
            try
            {
                CommitGroup(reader);
            }
            catch (Exception exception)
            {
                // Not an IO error (those are handled per batch): a bug. Fail what is pending rather than hang it.
                SegmentLogMessages.WriterLoopFailed(_logger, exception);
                foreach (var append in _group)
                {
                    append.Decide(exception);
                    _decided.Add(append);
                }

                _batch.Clear();
                _batchRecords = 0;
            }
            finally
            {
                _group.Clear();
                PublishDecided();
            }
        }

        CloseActive();
    }

    /// <summary>Waits until <see cref="SegmentedLogOptions.GroupCommitInterval"/> has passed since the previous fsync started,
    /// so that what arrives meanwhile joins the next group.</summary>
    private Task PaceAsync()
    {
        var interval = _options.GroupCommitInterval;
        if (interval <= TimeSpan.Zero || _lastSyncStarted == 0)
        {
            return Task.CompletedTask;
        }

        var remaining = interval - Stopwatch.GetElapsedTime(_lastSyncStarted);
        return remaining > TimeSpan.Zero ? Task.Delay(remaining) : Task.CompletedTask;
    }

    /// <summary>
    /// Clears the "full" state when there is room again for the smallest refused record. Called after the writer's
    /// own groups, after a confirm deleted segments, and periodically by capacity waiters (disk freed by someone else).
    /// </summary>
    public bool TryReleaseCapacity()
    {
        var required = _capacity.RequiredBytes;
        if (required == 0)
        {
            return true;
        }

        if (!HasRoom(required, 0, ProbeFreeDiskBytes()))
        {
            return false;
        }

        if (_capacity.Release())
        {
            SegmentLogMessages.CapacityAvailable(_logger, _catalog.SizeBytes, _options.DiskBudgetBytes);
        }

        return true;
    }

    private void CommitGroup(ChannelReader<PendingAppend> reader)
    {
        long groupBytes = 0;
        if (_carry is not null)
        {
            _group.Add(_carry);
            groupBytes = _carry.RecordLength;
            _carry = null;
        }

        while (_group.Count < _options.GroupCommitMaxRecords && reader.TryRead(out var next))
        {
            if (_group.Count > 0 && groupBytes + next.RecordLength > _options.GroupCommitMaxBytes)
            {
                _carry = next;
                break;
            }

            _group.Add(next);
            groupBytes += next.RecordLength;
        }

        var freeDiskBytes = ProbeFreeDiskBytes();
        for (var i = 0; i < _group.Count; i++)
        {
            var append = _group[i];
            var newSegment = NeedsNewSegment(append.RecordLength);
            long needed = append.RecordLength + (newSegment ? SegmentFormat.SegmentHeaderSize : 0);
            if (!HasRoom(needed, UnflushedBytes, freeDiskBytes))
            {
                RejectFull(append, needed, freeDiskBytes);
                continue;
            }

            freeDiskBytes -= needed;
            if (newSegment)
            {
                FlushBatch();
                if (OpenNewSegment() is { } failure)
                {
                    // The disk refuses new files: nothing later in this group can succeed either.
                    SegmentLogMessages.SegmentCreationFailed(_logger, Path.Combine(_directory, SegmentFormat.SegmentFileName(_nextSequence)), _group.Count - i, failure);
                    for (var j = i; j < _group.Count; j++)
                    {
                        _group[j].Decide(failure);
                        _decided.Add(_group[j]);
                    }

                    return;
                }
            }

            append.Seal(_nextSequence++);
            _batch.Add(append);
            _batchRecords++;
            _activeEnd += append.RecordLength;
        }

        FlushBatch();
        _ = TryReleaseCapacity();
    }

    /// <summary>Bytes of the batch being built: already accepted, not yet in the catalog's size.</summary>
    private long UnflushedBytes => _active is null ? 0 : _activeEnd - _active.Length;

    private bool NeedsNewSegment(int recordLength) =>
        _handle is null
        || (_activeEnd > SegmentFormat.SegmentHeaderSize && _activeEnd + recordLength > _options.SegmentBytes);

    private bool HasRoom(long needed, long unflushedBytes, long freeDiskBytes) =>
        _catalog.SizeBytes + unflushedBytes + needed <= _options.DiskBudgetBytes
        && freeDiskBytes - needed >= _options.MinFreeDiskBytes;

    private void RejectFull(PendingAppend append, long needed, long freeDiskBytes)
    {
        _ = Interlocked.Increment(ref _rejectedFullCount);
        if (_capacity.MarkFull(needed))
        {
            SegmentLogMessages.Full(_logger, _catalog.SizeBytes, _options.DiskBudgetBytes, freeDiskBytes, _options.MinFreeDiskBytes);
        }

        // Answered with the batch, not now, so that appends complete in the order they were queued.
        append.Refuse();
        _batch.Add(append);
    }

    /// <summary>
    /// Writes the batch's records after the durable end of the active segment, fsyncs once, publishes them to
    /// readers, then completes every append of the batch in queue order.
    /// </summary>
    private void FlushBatch()
    {
        if (_batch.Count == 0)
        {
            return;
        }

        var failure = _batchRecords == 0 ? null : WriteAndSync();
        foreach (var append in _batch)
        {
            if (append.IsRefused)
            {
                append.Decide(AppendResult.Full);
            }
            else if (failure is null)
            {
                append.Decide(AppendResult.Appended(append.Sequence));
            }
            else
            {
                append.Decide(failure);
            }

            _decided.Add(append);
        }

        _batch.Clear();
        _batchRecords = 0;
    }

    /// <summary>
    /// Announces the decided outcomes on one thread-pool work item, in queue order. Not on the writer: the callers'
    /// continuations would delay the next fsync. Not one work item each: at hundreds of appends a second the pool
    /// wake-ups (futex, and on a virtual machine an inter-processor interrupt) cost more CPU than the appends.
    /// </summary>
    private void PublishDecided()
    {
        if (_decided.Count == 0)
        {
            return;
        }

        var decided = _decided.ToArray();
        _decided.Clear();
        _ = ThreadPool.UnsafeQueueUserWorkItem(
            static appends =>
            {
                foreach (var append in appends)
                {
                    append.Publish();
                }
            },
            decided,
            preferLocal: false);
    }

    /// <summary>Makes the batch's records durable and visible; returns the error if the write or fsync failed.</summary>
    private Exception? WriteAndSync()
    {
        var segment = _active!;
        var durableEnd = segment.Length;
        var bytes = _activeEnd - durableEnd;
        try
        {
            WriteRecords(_handle!, durableEnd);
            var started = _timeProvider.GetTimestamp();
            _lastSyncStarted = Stopwatch.GetTimestamp();
            _hooks?.BeforeFsync?.Invoke(segment.Path);
            RandomAccess.FlushToDisk(_handle!);
            _ = Interlocked.Increment(ref _fsyncCount);
            var elapsed = _timeProvider.GetElapsedTime(started);
            if (elapsed >= SlowFsyncThreshold)
            {
                SegmentLogMessages.SlowFsync(_logger, segment.Path, _batchRecords, bytes, (long)elapsed.TotalMilliseconds);
            }
        }
        catch (Exception exception)
        {
            SegmentLogMessages.WriteFailed(_logger, segment.Path, _batchRecords, durableEnd, exception);
            RetireActive(durableEnd);
            return exception;
        }

        var lastSequence = _batch.Last(a => !a.IsRefused).Sequence;
        segment.FileBytes = _activeEnd;
        _catalog.AddBytes(bytes);
        segment.PublishDurable(lastSequence, _activeEnd);
        _catalog.PublishAppended(lastSequence);
        _ = Interlocked.Add(ref _appendCount, _batchRecords);
        _ = Interlocked.Add(ref _bytesWritten, bytes);
        return null;
    }

    private void WriteRecords(SafeFileHandle handle, long offset)
    {
        try
        {
            var count = 0;
            long bytes = 0;
            foreach (var append in _batch)
            {
                if (append.IsRefused)
                {
                    continue;
                }

                _vectors[count++] = append.Record;
                bytes += append.RecordLength;
                if (count == MaxBuffersPerWrite)
                {
                    RandomAccess.Write(handle, new ArraySegment<ReadOnlyMemory<byte>>(_vectors, 0, count), offset);
                    offset += bytes;
                    count = 0;
                    bytes = 0;
                }
            }

            if (count > 0)
            {
                RandomAccess.Write(handle, new ArraySegment<ReadOnlyMemory<byte>>(_vectors, 0, count), offset);
            }
        }
        finally
        {
            // The vectors point into pooled buffers that go back to the pool once the appends complete.
            Array.Clear(_vectors);
        }
    }

    /// <summary>
    /// After a failed write or fsync the state of the segment's unsynced pages is unknown: Linux may have dropped them
    /// and a later fsync can then report success without them (PostgreSQL's "fsyncgate", 2018). So the segment is
    /// never written again: it is cut back to its durable length and the next append starts a new segment. The
    /// sequences of the failed records are not reused, so no sequence can ever name two different payloads.
    /// </summary>
    private void RetireActive(long durableEnd)
    {
        var segment = _active!;
        var handle = _handle!;
        try
        {
            RandomAccess.SetLength(handle, durableEnd);
            RandomAccess.FlushToDisk(handle);
        }
        catch (Exception exception)
        {
            SegmentLogMessages.TruncateAfterFailureFailed(_logger, segment.Path, durableEnd, exception);
        }

        try
        {
            var actual = RandomAccess.GetLength(handle);
            _catalog.AddBytes(actual - segment.FileBytes);
            segment.FileBytes = actual;
        }
        catch (IOException)
        {
            // Size accounting stays at the durable length; the next start measures the file again.
        }

        CloseActive();
    }

    /// <summary>Creates the next segment durably (header fsync'd, directory fsync'd); returns the error if it could not.</summary>
    private Exception? OpenNewSegment()
    {
        CloseActive();
        var firstSequence = _nextSequence;
        var path = Path.Combine(_directory, SegmentFormat.SegmentFileName(firstSequence));
        SafeFileHandle? handle = null;
        try
        {
            // FileMode.Create: the name is the next sequence, above every acknowledged one, so a file already there is
            // the leftover of a creation that failed and holds nothing acknowledged.
            handle = File.OpenHandle(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
            Span<byte> header = stackalloc byte[SegmentFormat.SegmentHeaderSize];
            SegmentFormat.WriteSegmentHeader(header, firstSequence);
            RandomAccess.Write(handle, header, 0);
            RandomAccess.FlushToDisk(handle);
            _ = Interlocked.Increment(ref _fsyncCount);
            DirectorySync.Fsync(_directory);
        }
        catch (Exception exception)
        {
            handle?.Dispose();
            try
            {
                File.Delete(path);
            }
            catch (IOException)
            {
                // Harmless: the next attempt recreates the file over it.
            }

            return exception;
        }

        var segment = new SegmentInfo(path, firstSequence, firstSequence - 1, SegmentFormat.SegmentHeaderSize);
        _catalog.Add(segment);
        _handle = handle;
        _active = segment;
        _activeEnd = SegmentFormat.SegmentHeaderSize;
        SegmentLogMessages.SegmentCreated(_logger, path);
        return null;
    }

    private void CloseActive()
    {
        _handle?.Dispose();
        _handle = null;
        _active = null;
        _activeEnd = 0;
    }

    private long ProbeFreeDiskBytes()
    {
        try
        {
            return _hooks?.FreeDiskBytes?.Invoke() ?? new DriveInfo(_directory).AvailableFreeSpace;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException)
        {
            if (Interlocked.Exchange(ref _freeSpaceProbeFailed, 1) == 0)
            {
                SegmentLogMessages.FreeSpaceProbeFailed(_logger, exception);
            }

            return long.MaxValue;
        }
    }
}
