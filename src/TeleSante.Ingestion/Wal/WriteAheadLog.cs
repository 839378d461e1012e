using System.ComponentModel.DataAnnotations;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using TeleSante.Ingestion.Wal.Internal;
using TeleSante.SegmentLog;
using TeleSante.SegmentLog.Internal;

namespace TeleSante.Ingestion.Wal;

/// <summary>
/// The gateway's write-ahead log: a batch is acknowledged to its device only once it is durable here, and a
/// forwarding stage later moves it to InfluxDB and confirms it, which lets the log delete it. Each record is one
/// <c>WalEntry</c> (<c>wal.proto</c>, beside this file). The log itself is the shared <see cref="SegmentedLog"/>
/// (TeleSante.SegmentLog), which the station agent's outbox uses too; this type keeps the gateway's names and options.
/// </summary>
/// <remarks>
/// <para><b>Guarantees.</b> <see cref="AppendAsync"/> completes with <see cref="WalAppendStatus.Appended"/> only after
/// the record was written and fsync'd; a power cut or SIGKILL after that never loses it. Sequences are 1-based and
/// strictly increasing across segments and restarts; gaps are possible (records of a failed write, damaged records).
/// Appends complete in the order they were queued. Readers only ever see fsync'd records.</para>
/// <para><b>Group commit.</b> Appends go through a bounded queue (<see cref="WalOptions.AppendQueueCapacity"/>) to a
/// single writer loop, which takes up to <see cref="WalOptions.GroupCommitMaxRecords"/> records or
/// <see cref="WalOptions.GroupCommitMaxBytes"/> bytes, writes them with one gather write, makes them durable with one
/// fsync, then completes them all.</para>
/// <para><b>On disk.</b> A directory holding segment files <c>{first sequence:D20}.wal</c>, a <c>checkpoint</c> and a
/// <c>lock</c> file (one process per directory). All integers little endian:
/// <code>
/// segment header (24 bytes)  [8 magic "TSWALSEG"][u32 version = 1][u64 first sequence][u32 CRC-32 of the 20 bytes before]
/// record (16 + n bytes)      [u32 payload length n][u32 CRC-32 of (sequence || payload)][u64 sequence][payload]
/// checkpoint (20 bytes)      [8 magic "TSWALCKP"][u64 confirmed sequence][u32 CRC-32 of the 16 bytes before]
/// </code>
/// A new segment starts when the next record would take the current one past <see cref="WalOptions.SegmentBytes"/>.
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
/// <see cref="WalOptions.DiskBudgetBytes"/>, or the filesystem below <see cref="WalOptions.MinFreeDiskBytes"/> free,
/// answers <see cref="WalAppendStatus.Full"/> without writing anything; <see cref="WaitForCapacityAsync"/> lets
/// callers push back instead.</para>
/// </remarks>
public sealed class WriteAheadLog : IAsyncDisposable
{
    private readonly SegmentedLog _log;

    private WriteAheadLog(SegmentedLog log) => _log = log;

    /// <summary>Bytes of segment files on disk.</summary>
    public long SizeBytes => _log.SizeBytes;

    /// <summary>Segment files on disk.</summary>
    public int SegmentCount => _log.SegmentCount;

    /// <summary>Highest acknowledged (durable) sequence; after a restart at least <see cref="ConfirmedSequence"/>.</summary>
    public long LastSequence => _log.LastSequence;

    /// <summary>Highest sequence the downstream store is known to hold, as durably checkpointed.</summary>
    public long ConfirmedSequence => _log.ConfirmedSequence;

    /// <summary>True after an append was refused for lack of space, until room for it is back.</summary>
    public bool IsFull => _log.IsFull;

    /// <summary>Records appended (made durable) since open.</summary>
    public long AppendCount => _log.AppendCount;

    /// <summary>fsync calls on segment files since open (one per group commit, one per new segment).</summary>
    public long FsyncCount => _log.FsyncCount;

    /// <summary>Record bytes (headers included) made durable since open.</summary>
    public long BytesWritten => _log.BytesWritten;

    /// <summary>Appends answered <see cref="WalAppendStatus.Full"/> since open.</summary>
    public long RejectedFullCount => _log.RejectedFullCount;

    /// <summary>Appends answered <see cref="WalAppendStatus.TooLarge"/> since open.</summary>
    public long RejectedTooLargeCount => _log.RejectedTooLargeCount;

    /// <summary>Opens (creating if needed) the log in <see cref="WalOptions.Directory"/>, validating and repairing it.</summary>
    /// <exception cref="ValidationException"><paramref name="options"/> are invalid.</exception>
    /// <exception cref="IOException">The directory is used by another log, or cannot be read or written.</exception>
    public static WriteAheadLog Open(WalOptions options, TimeProvider timeProvider, ILogger<WriteAheadLog> logger) =>
        Open(options, timeProvider, logger, hooks: null);

    internal static WriteAheadLog Open(WalOptions options, TimeProvider timeProvider, ILogger<WriteAheadLog> logger, WalTestHooks? hooks)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        var logOptions = new SegmentedLogOptions
        {
            Directory = options.Directory,
            SegmentBytes = options.SegmentBytes,
            DiskBudgetBytes = options.DiskBudgetBytes,
            MinFreeDiskBytes = options.MinFreeDiskBytes,
            MaxRecordBytes = options.MaxRecordBytes,
            GroupCommitMaxRecords = options.GroupCommitMaxRecords,
            GroupCommitMaxBytes = options.GroupCommitMaxBytes,
            AppendQueueCapacity = options.AppendQueueCapacity,
        };
        LogTestHooks? logHooks = hooks is null ? null : new() { FreeDiskBytes = hooks.FreeDiskBytes, BeforeFsync = hooks.BeforeFsync };
        return new WriteAheadLog(SegmentedLog.Open(logOptions, timeProvider, logger, logHooks));
    }

    /// <summary>
    /// Appends a record and completes once it is fsync'd (<see cref="WalAppendStatus.Appended"/>), or without writing
    /// anything: <see cref="WalAppendStatus.Full"/> (retryable) or <see cref="WalAppendStatus.TooLarge"/>. Waits while
    /// the append queue is full. The payload is copied before this returns its first await.
    /// </summary>
    /// <exception cref="IOException">The write or fsync failed; the record is not acknowledged.</exception>
    /// <exception cref="OperationCanceledException">The wait was cancelled. If the record was already queued it may
    /// still become durable, but it must be treated as not acknowledged.</exception>
    /// <exception cref="ObjectDisposedException">The log is disposed or being disposed.</exception>
    public ValueTask<WalAppendResult> AppendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        var append = _log.AppendAsync(payload, cancellationToken);
        return append.IsCompletedSuccessfully ? ValueTask.FromResult(ToWal(append.Result)) : AwaitAsync(append);

        // Pooled: on the hot path (one per acknowledged batch) the wrapper must not add an allocation per append.
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        static async ValueTask<WalAppendResult> AwaitAsync(ValueTask<AppendResult> append) => ToWal(await append.ConfigureAwait(false));
    }

    /// <summary>
    /// A reader of the records with a sequence above <paramref name="afterSequence"/>, typically
    /// <see cref="ConfirmedSequence"/>. Records already deleted (confirmed) are skipped.
    /// </summary>
    public WalReader OpenReader(long afterSequence) => new(_log.OpenReader(afterSequence));

    /// <summary>
    /// Records that the downstream store holds every record up to <paramref name="upToSequence"/>: persists the
    /// checkpoint durably, then deletes the segments whose records are all confirmed. Confirming less than
    /// <see cref="ConfirmedSequence"/> does nothing.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="upToSequence"/> is above <see cref="LastSequence"/>.</exception>
    /// <exception cref="IOException">The checkpoint could not be written; nothing changed.</exception>
    public ValueTask ConfirmAsync(long upToSequence, CancellationToken cancellationToken = default) =>
        _log.ConfirmAsync(upToSequence, cancellationToken);

    /// <summary>
    /// Completes when appends would be accepted again: at once if the log is not full, otherwise once confirmed
    /// segments were deleted or free disk space came back. A following append can still meet
    /// <see cref="WalAppendStatus.Full"/> if others took the room first.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The log is disposed.</exception>
    public Task WaitForCapacityAsync(CancellationToken cancellationToken = default) => _log.WaitForCapacityAsync(cancellationToken);

    /// <summary>
    /// Stops accepting appends (they throw <see cref="ObjectDisposedException"/>), writes and acknowledges those
    /// already queued, closes the files. Readers can still drain what is durable, then see the end.
    /// </summary>
    public ValueTask DisposeAsync() => _log.DisposeAsync();

    private static WalAppendResult ToWal(AppendResult result) => result.Status switch
    {
        AppendStatus.Appended => WalAppendResult.Appended(result.Sequence),
        AppendStatus.Full => WalAppendResult.Full,
        _ => WalAppendResult.TooLarge,
    };
}
