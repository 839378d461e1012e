using Google.Protobuf;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TeleSante.Contracts.V1;
using TeleSante.Ingestion.DeadLetters;
using TeleSante.Ingestion.Dedup;
using TeleSante.Ingestion.Internal;
using TeleSante.Ingestion.Wal;
using TeleSante.Storage;

namespace TeleSante.Ingestion;

/// <summary>
/// Back of the durable pipeline: reads the write-ahead log from the last checkpoint (this is also the
/// replay after a restart), gathers records into the store's write buffer by size (the store's limits)
/// or time, writes them to the <see cref="IReadingSink"/> (InfluxDB in the gateway), and only then lets
/// the log forget them. Store down or slow: retries the same batch with capped exponential backoff,
/// forever; the log keeps accumulating up to its disk budget. Items the store refuses on their own
/// (InfluxDB: lines of a 400, resolved line by line by the sink) go to the dead-letter store, with the
/// batch they came from, so nothing acknowledged disappears silently.
/// </summary>
public sealed class InfluxForwarder(
    WriteAheadLog wal,
    IReadingSink sink,
    DeduplicationIndex dedup,
    DeduplicationRecovery dedupRecovery,
    IDeadLetterStore deadLetters,
    ForwarderStatus status,
    IOptions<ForwarderOptions> forwarderOptions,
    IOptions<IngestionOptions> ingestionOptions,
    TimeProvider time,
    ILogger<InfluxForwarder> logger) : BackgroundService
{
    private readonly ForwarderOptions _forwarder = forwarderOptions.Value;
    private readonly IngestionOptions _ingestion = ingestionOptions.Value;
    private DateTimeOffset _lastCheckpoint;
    // Not disposed: a host may call StopAsync after disposing its services, and a SemaphoreSlim whose
    // wait handle is never requested holds nothing that needs releasing.
    private readonly SemaphoreSlim _checkpointGate = new(1, 1);
    private long _lastWritten;
    private long _lastConfirmed;

    /// <summary>Path of the deduplication snapshot, saved before the log deletes anything.</summary>
    public string SnapshotPath => dedupRecovery.SnapshotPath;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RetryAsync(async ct => { await sink.EnsureReadyAsync(ct).ConfigureAwait(false); return true; }, stoppingToken).ConfigureAwait(false);

        using var reader = wal.OpenReader(wal.ConfirmedSequence);
        _lastWritten = _lastConfirmed = wal.ConfirmedSequence;
        status.ForwardedSequence = _lastWritten;
        IngestionLog.Replaying(logger, wal.LastSequence - wal.ConfirmedSequence, wal.ConfirmedSequence);

        // Writes in flight, oldest first. They may finish in any order (InfluxDB points are idempotent
        // overwrites), but progress is only recorded in log order: the checkpoint never passes a batch
        // that is not yet stored.
        var inFlight = new Queue<PendingWrite>();
        var spare = new Stack<PendingWrite>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (!await WaitForRecordsAsync(reader, inFlight, spare, stoppingToken).ConfigureAwait(false))
                {
                    return;
                }

                var batch = spare.Count > 0 ? spare.Pop() : new PendingWrite(sink.CreateBuffer());
                await GatherAsync(reader, batch, stoppingToken).ConfigureAwait(false);
                if (batch.Sequences.Count == 0)
                {
                    spare.Push(batch);
                    continue;
                }

                batch.Write = WriteAsync(batch.Buffer, stoppingToken);
                inFlight.Enqueue(batch);
                while (inFlight.Count >= _forwarder.MaxConcurrentWrites || (inFlight.Count > 0 && inFlight.Peek().Write.IsCompleted))
                {
                    await CompleteOldestAsync(inFlight, spare, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            // On shutdown, writes still in flight end with the stopping token (their records are replayed
            // at start-up); their buffers are returned only once nothing sends from them any more.
            foreach (var pending in inFlight)
            {
                try
                {
                    await pending.Write.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }

                pending.Buffer.Dispose();
            }

            foreach (var pending in spare)
            {
                pending.Buffer.Dispose();
            }
        }
    }

    /// <summary>Gathers whatever is there now, then keeps topping up until the batch is big enough or
    /// the flush interval since its first record has passed.</summary>
    private async Task GatherAsync(WalReader reader, PendingWrite batch, CancellationToken stoppingToken)
    {
        var buffer = batch.Buffer;
        var deadline = time.GetUtcNow() + _forwarder.FlushInterval;
        while (true)
        {
            while (!buffer.IsFull && reader.TryRead(out var record))
            {
                await DecodeAsync(record, buffer).ConfigureAwait(false);
                batch.Sequences.Add(record.Sequence);
            }

            var remaining = deadline - time.GetUtcNow();
            if (buffer.IsFull || remaining <= TimeSpan.Zero)
            {
                return;
            }

            // Sleeps out the rest of the interval instead of waking on every group commit (hundreds a second under
            // load, each a thread-pool wake-up and a cancellable timer): what arrived meanwhile is read in one pass.
            // A faster inflow is not slowed: the batch fills, is written, and the next starts full from the backlog.
            // Wall-clock delay on purpose, as before: a test's frozen clock must not freeze the forwarder.
            await Task.Delay(remaining, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>Waits for the oldest write, records its progress and recycles its buffers.</summary>
    private async Task CompleteOldestAsync(Queue<PendingWrite> inFlight, Stack<PendingWrite> spare, CancellationToken stoppingToken)
    {
        var oldest = inFlight.Peek();
        await oldest.Write.ConfigureAwait(false);
        inFlight.Dequeue();
        status.AddForwarded(oldest.Sequences.Count);
        _lastWritten = oldest.Sequences[^1];
        status.ForwardedSequence = _lastWritten;
        oldest.Sequences.Clear();
        oldest.Buffer.Clear();
        spare.Push(oldest);
        await CheckpointAsync(force: false, stoppingToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        // Record what was written so a restart does not rewrite it (rewriting would be harmless, only slower).
        await CheckpointAsync(force: true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits for the next record. With nothing to read, first lets the writes in flight finish
    /// (nothing to overlap them with); while idle with progress not yet checkpointed, records the
    /// checkpoint after <see cref="IngestionOptions.CheckpointInterval"/> so the log can shrink.</summary>
    private async Task<bool> WaitForRecordsAsync(WalReader reader, Queue<PendingWrite> inFlight, Stack<PendingWrite> spare, CancellationToken stoppingToken)
    {
        var ready = reader.WaitToReadAsync(stoppingToken);
        if (ready.IsCompleted)
        {
            return await ready.ConfigureAwait(false);
        }

        while (inFlight.Count > 0)
        {
            await CompleteOldestAsync(inFlight, spare, stoppingToken).ConfigureAwait(false);
        }

        var waiting = ready.AsTask();
        while (_lastWritten > _lastConfirmed)
        {
            if (await Task.WhenAny(waiting, Task.Delay(_ingestion.CheckpointInterval, time, stoppingToken)).ConfigureAwait(false) == waiting)
            {
                return await waiting.ConfigureAwait(false);
            }

            stoppingToken.ThrowIfCancellationRequested();
            await CheckpointAsync(force: true, stoppingToken).ConfigureAwait(false);
        }

        return await waiting.ConfigureAwait(false);
    }

    private async Task DecodeAsync(WalRecord record, IReadingWriteBuffer buffer)
    {
        try
        {
            buffer.Add(WalEntry.Parser.ParseFrom(record.Payload.Span).Batch);
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or ArgumentException)
        {
            // Validated before it was logged, so this is a bug or a format change: keep the evidence.
            IngestionLog.UnreadableRecord(logger, ex, record.Sequence);
            await deadLetters.AddAsync(new DeadLetter(0, time.GetUtcNow(), "wal", null, null, RejectReason.Malformed, $"write-ahead log record {record.Sequence} could not be turned into the store's format: {ex.Message}", record.Payload), CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the buffer until the store has taken everything it will ever take, then keeps
    /// what it refused on its own as dead letters.</summary>
    private async Task WriteAsync(IReadingWriteBuffer buffer, CancellationToken stoppingToken)
    {
        if (buffer.BatchCount == 0)
        {
            return;
        }

        var refused = await RetryAsync(ct => sink.WriteAsync(buffer, ct), stoppingToken).ConfigureAwait(false);
        foreach (var item in refused)
        {
            IngestionLog.LineRefused(logger, item.DeviceId, item.Seq, item.Message);
            status.AddDeadLettered();
            await deadLetters.AddAsync(new DeadLetter(0, time.GetUtcNow(), sink.Name, item.DeviceId, item.Seq, RejectReason.Unspecified, item.Message, item.Payload), CancellationToken.None).ConfigureAwait(false);
        }
    }

    private async Task CheckpointAsync(bool force, CancellationToken cancellationToken)
    {
        // One at a time: a host stopping twice must not write the snapshot's temp file concurrently.
        await _checkpointGate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            var now = time.GetUtcNow();
            var written = _lastWritten;
            if (written <= _lastConfirmed || (!force && now - _lastCheckpoint < _ingestion.CheckpointInterval))
            {
                return;
            }

            _lastCheckpoint = now;
            // The snapshot must cover every batch whose record the log may now delete.
            dedupRecovery.Save(dedup);
            await wal.ConfirmAsync(written, cancellationToken).ConfigureAwait(false);
            _lastConfirmed = written;
        }
        finally
        {
            _checkpointGate.Release();
        }
    }

    /// <summary>Runs <paramref name="attempt"/> until it succeeds, with capped exponential backoff,
    /// keeping the health status current. Only shutdown stops it.</summary>
    private async Task<T> RetryAsync<T>(Func<CancellationToken, Task<T>> attempt, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            stoppingToken.ThrowIfCancellationRequested();
            try
            {
                var result = await attempt(stoppingToken).ConfigureAwait(false);
                if (status.ConsecutiveFailures > 0)
                {
                    IngestionLog.InfluxRecovered(logger, status.ConsecutiveFailures);
                }

                status.InfluxReachable = true;
                status.ConsecutiveFailures = 0;
                status.LastSuccess = time.GetUtcNow();
                return result;
            }
            catch (StorageUnavailableException ex) when (!stoppingToken.IsCancellationRequested)
            {
                status.InfluxReachable = false;
                status.ConsecutiveFailures++;
                status.LastError = ex.Message;
                IngestionLog.InfluxRetry(logger, ex.Cause, ex.StatusCode, ex.Message, delay);
                await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _ingestion.MaxRetryDelay.Ticks));
            }
        }
    }
}
