using System.Buffers;
using System.Runtime.CompilerServices;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TeleSante.Contracts.V1;
using TeleSante.Domain.Validation;
using TeleSante.Ingestion.Attribution;
using TeleSante.Ingestion.DeadLetters;
using TeleSante.Ingestion.Dedup;
using TeleSante.Ingestion.Wal;

namespace TeleSante.Ingestion;

/// <summary>
/// Front of the durable pipeline, shared by every transport: validate the whole batch, recognise
/// duplicates, append to the write-ahead log (group-committed fsync), and only then answer. A refused
/// batch is recorded in the dead-letter store before the refusal is answered. Forwarding to InfluxDB
/// happens behind the log (<see cref="InfluxForwarder"/>), so a slow or absent InfluxDB never delays
/// an acknowledgement until the log's disk budget is spent.
/// </summary>
public sealed class IngestionPipeline(
    BatchValidator validator,
    DeduplicationIndex dedup,
    WriteAheadLog wal,
    IDeadLetterStore deadLetters,
    IEnumerable<IAcceptedBatchObserver> observers,
    IOptions<IngestionOptions> options,
    IOptions<ValidationLimits> limits,
    TimeProvider time,
    ILogger<IngestionPipeline> logger,
    ISessionSiteGuard? sessionSites = null,
    IReadingAttribution? attribution = null)
{
    private readonly IAcceptedBatchObserver[] _observers = [.. observers];
    private readonly IngestionOptions _options = options.Value;
    private readonly int _maxBatchBytes = limits.Value.MaxBatchBytes;
    private readonly DeviceRateLimiter _rate = new(options.Value.MaxBatchesPerSecondPerDevice, options.Value.BurstBatchesPerDevice, time);
    private long _accepted;
    private long _duplicates;
    private long _rejected;

    public long AcceptedCount => Interlocked.Read(ref _accepted);

    public long DuplicateCount => Interlocked.Read(ref _duplicates);

    public long RejectedCount => Interlocked.Read(ref _rejected);

    // The three steps every accepted batch goes through await the group commit, so each would allocate its state
    // machine per batch; pooled (issue 14). Their ValueTasks are awaited once by every caller (or turned into a Task).

    /// <summary>Submits a decoded batch. <paramref name="original"/> is what arrived on the wire (kept
    /// as the dead letter's payload if refused); when empty the batch is re-encoded instead.</summary>
    public ValueTask<IngestResult> SubmitAsync(ReadingBatch batch, string transport, ReadOnlyMemory<byte> original, CancellationToken cancellationToken) =>
        SubmitCoreAsync(batch, transport, original, originalIsBatch: false, cancellationToken);

    /// <summary>Submits a batch decoded from <paramref name="encodedBatch"/>, its protobuf encoding as it arrived (gRPC,
    /// MQTT protobuf). Those bytes go into the write-ahead log as they are: the batch is not re-encoded.</summary>
    public ValueTask<IngestResult> SubmitEncodedAsync(ReadingBatch batch, string transport, ReadOnlyMemory<byte> encodedBatch, CancellationToken cancellationToken) =>
        SubmitCoreAsync(batch, transport, encodedBatch, originalIsBatch: !encodedBatch.IsEmpty, cancellationToken);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<IngestResult> SubmitCoreAsync(ReadingBatch batch, string transport, ReadOnlyMemory<byte> original, bool originalIsBatch, CancellationToken cancellationToken)
    {
        var size = original.IsEmpty ? batch.CalculateSize() : original.Length;
        if (size > _maxBatchBytes)
        {
            return await RejectAsync(batch, transport, original, RejectReason.TooLarge, $"batch of {size} bytes exceeds the limit of {_maxBatchBytes} bytes").ConfigureAwait(false);
        }

        var verdict = validator.Validate(batch);
        if (!verdict.IsValid)
        {
            return await RejectAsync(batch, transport, original, verdict.Reason, verdict.Detail!).ConfigureAwait(false);
        }

        if (!_rate.TryAcquire(batch.DeviceId))
        {
            // Not a dead letter: the batch is fine and the device keeps it to resend later.
            Interlocked.Increment(ref _rejected);
            return IngestResult.Rejected(RejectReason.RateLimited, $"device {batch.DeviceId} exceeds {_options.MaxBatchesPerSecondPerDevice} batches/s (burst {_options.BurstBatchesPerDevice}); retry later");
        }

        // Attribution:Mode Consultation: the session must be the open consultation of the device's station (one
        // in-memory lookup). Before the site claim, so that a refused batch claims no session.
        if (attribution is not null && attribution.Check(batch) is { IsAllowed: false } misattributed)
        {
            // A resend of a batch acknowledged before the consultation closed keeps its original answer.
            if (await WasAcknowledgedAsync(batch, cancellationToken).ConfigureAwait(false))
            {
                Interlocked.Increment(ref _duplicates);
                return IngestResult.Duplicate;
            }

            await attribution.RecordRefusalAsync(batch, transport, misattributed).ConfigureAwait(false);
            return await RejectAsync(batch, transport, original, misattributed.Reason, misattributed.Detail ?? misattributed.Reason.ToString()).ConfigureAwait(false);
        }

        while (true)
        {
            switch (dedup.TryReserve(batch.DeviceId, batch.SeqEpoch, batch.Seq, out var inFlight))
            {
                case DedupDecision.Duplicate:
                    Interlocked.Increment(ref _duplicates);
                    return IngestResult.Duplicate;
                case DedupDecision.Stale:
                    return await RejectAsync(batch, transport, original, RejectReason.StaleSequence, DescribeStale(batch)).ConfigureAwait(false);
                case DedupDecision.TooFarAhead:
                    var (_, high) = dedup.Numbering(batch.DeviceId);
                    return await RejectAsync(batch, transport, original, RejectReason.SequenceJump,
                        $"seq {batch.Seq} is {batch.Seq - high} above {high}, the highest accepted from {batch.DeviceId} in seq_epoch {batch.SeqEpoch} (limit Ingestion:MaxSequenceJump = {dedup.MaxSequenceJump}); a device that restarted its numbering sends a new seq_epoch").ConfigureAwait(false);
                case DedupDecision.InFlight:
                    // The twin's outcome decides: accepted -> duplicate; failed -> try to store this one.
                    if (await inFlight!.WaitAsync(cancellationToken).ConfigureAwait(false))
                    {
                        Interlocked.Increment(ref _duplicates);
                        return IngestResult.Duplicate;
                    }

                    continue;
                case DedupDecision.Reserved:
                    return await ClaimAndAppendAsync(batch, transport, original, originalIsBatch, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Records input that could not even be decoded (or was refused before decoding) and answers
    /// the typed refusal. <paramref name="seq"/>: the batch's seq when it could still be read, so the dead
    /// letter can be matched with what the device sent.</summary>
    public async ValueTask<IngestResult> RejectUndecodableAsync(ReadOnlyMemory<byte> payload, string transport, string? deviceId, RejectReason reason, string detail, CancellationToken cancellationToken, ulong? seq = null)
    {
        Interlocked.Increment(ref _rejected);
        IngestionLog.Rejected(logger, deviceId, seq, transport, reason, detail);
        await deadLetters.AddAsync(new DeadLetter(0, time.GetUtcNow(), transport, deviceId, seq, reason, detail, payload), CancellationToken.None).ConfigureAwait(false);
        return IngestResult.Rejected(reason, detail);
    }

    private async ValueTask<bool> WasAcknowledgedAsync(ReadingBatch batch, CancellationToken cancellationToken) =>
        dedup.WasAccepted(batch.DeviceId, batch.SeqEpoch, batch.Seq, out var inFlight)
        || (inFlight is not null && await inFlight.WaitAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>Before anything is durable, a session belongs to one site (a known session costs one dictionary lookup).
    /// Claimed after the reservation, not before: claiming a new session awaits a durable write, and a device's batches
    /// must be reserved in the order they arrived, or a corrupted seq among a stream's first batches would be judged
    /// before the batches it follows (and taken for the start of a numbering).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<IngestResult> ClaimAndAppendAsync(ReadingBatch batch, string transport, ReadOnlyMemory<byte> original, bool originalIsBatch, CancellationToken cancellationToken)
    {
        string? foreignSession;
        try
        {
            foreignSession = sessionSites is null ? null : await sessionSites.ClaimAsync(batch, transport, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            dedup.Release(batch.DeviceId, batch.SeqEpoch, batch.Seq);
            throw;
        }

        if (foreignSession is not null)
        {
            dedup.Release(batch.DeviceId, batch.SeqEpoch, batch.Seq);
            return await RejectAsync(batch, transport, original, RejectReason.SessionSiteMismatch, foreignSession).ConfigureAwait(false);
        }

        return await AppendReservedAsync(batch, transport, original, originalIsBatch, cancellationToken).ConfigureAwait(false);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<IngestResult> AppendReservedAsync(ReadingBatch batch, string transport, ReadOnlyMemory<byte> original, bool originalIsBatch, CancellationToken cancellationToken)
    {
        var receivedNs = NowNs();
        var entry = originalIsBatch ? null : new WalEntry { Batch = batch, ReceivedTimeNs = receivedNs, Transport = transport };
        var size = entry?.CalculateSize() ?? WalEntryEncoding.ComputeSize(original.Length, receivedNs, transport);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        var committed = false;
        try
        {
            if (entry is null)
            {
                WalEntryEncoding.Write(buffer, original, receivedNs, transport);
            }
            else
            {
                entry.WriteTo(buffer.AsSpan(0, size));
            }

            var deadline = time.GetUtcNow() + _options.BackpressureWait;
            while (true)
            {
                // Not cancellable: once queued the record may become durable, and its outcome must be known.
                var result = await wal.AppendAsync(buffer.AsMemory(0, size), CancellationToken.None).ConfigureAwait(false);
                if (result.Status == WalAppendStatus.Appended)
                {
                    dedup.Commit(batch.DeviceId, batch.SeqEpoch, batch.Seq);
                    committed = true;
                    Interlocked.Increment(ref _accepted);
                    Notify(batch);
                    return IngestResult.Accepted;
                }

                if (result.Status == WalAppendStatus.TooLarge)
                {
                    return await RejectAsync(batch, transport, original, RejectReason.TooLarge, $"batch of {size} bytes exceeds the write-ahead log record limit").ConfigureAwait(false);
                }

                // Full: wait for the forwarder to free space, up to the configured backpressure wait.
                var remaining = deadline - time.GetUtcNow();
                if (remaining <= TimeSpan.Zero || !await WaitForCapacityAsync(remaining, cancellationToken).ConfigureAwait(false))
                {
                    IngestionLog.StorageFull(logger, batch.DeviceId, batch.Seq, wal.SizeBytes);
                    Interlocked.Increment(ref _rejected);
                    return IngestResult.Rejected(RejectReason.StorageFull, $"the gateway's write-ahead log is full ({wal.SizeBytes} bytes, InfluxDB behind); retry later");
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            IngestionLog.AppendFailed(logger, ex, batch.DeviceId, batch.Seq);
            Interlocked.Increment(ref _rejected);
            return IngestResult.Rejected(RejectReason.Unavailable, "the gateway could not make the batch durable; retry later");
        }
        finally
        {
            if (!committed)
            {
                dedup.Release(batch.DeviceId, batch.SeqEpoch, batch.Seq);
            }

            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<bool> WaitForCapacityAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await wal.WaitForCapacityAsync(cancellationToken).WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async ValueTask<IngestResult> RejectAsync(ReadingBatch batch, string transport, ReadOnlyMemory<byte> original, RejectReason reason, string detail)
    {
        Interlocked.Increment(ref _rejected);
        IngestionLog.Rejected(logger, batch.DeviceId, batch.Seq, transport, reason, detail);
        // Not copied here: the store keeps at most DeadLetters:MaxPayloadBytes of it, before this returns.
        var payload = original.IsEmpty ? batch.ToByteArray() : original;
        // Not cancellable: the refusal is only answered once its evidence is stored.
        await deadLetters.AddAsync(new DeadLetter(0, time.GetUtcNow(), transport, NullIfEmpty(batch.DeviceId), batch.Seq, reason, detail, payload), CancellationToken.None).ConfigureAwait(false);
        return IngestResult.Rejected(reason, detail);
    }

    private string DescribeStale(ReadingBatch batch)
    {
        var (epoch, _) = dedup.Numbering(batch.DeviceId);
        return epoch == batch.SeqEpoch
            ? $"seq {batch.Seq} is older than the last {dedup.Window} sequence numbers remembered for {batch.DeviceId}"
            : $"seq_epoch {batch.SeqEpoch} of {batch.DeviceId} was replaced by seq_epoch {epoch}: cannot tell whether seq {batch.Seq} was stored";
    }

    private void Notify(ReadingBatch batch)
    {
        foreach (var observer in _observers)
        {
            try
            {
                observer.OnAccepted(batch);
            }
            catch (Exception ex)
            {
                // An observer (live view) must never turn a durable batch into a failure.
                IngestionLog.ObserverFailed(logger, ex, observer.GetType().Name);
            }
        }
    }

    private long NowNs() => (time.GetUtcNow().UtcTicks - DateTime.UnixEpoch.Ticks) * 100;

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
