using System.Threading.Channels;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using TeleSante.Contracts.V1;

namespace TeleSante.FirmwareSim.Transport;

/// <summary>
/// How a real device talks to the gateway over gRPC: batches stay in an outbox until acknowledged;
/// after a broken stream it reconnects with backoff and resends every unacknowledged batch with its
/// original seq (the gateway recognises the ones it already stored). At most <c>window</c> batches
/// are unacknowledged at once.
/// </summary>
public sealed class GrpcBatchSender(GrpcChannel channel, int window = 32, FieldConditions? conditions = null, DeviceCredential? credential = null) : IAsyncDisposable
{
    private readonly FieldConditions _conditions = conditions ?? FieldConditions.Ideal;
    private readonly Random _random = new((conditions ?? FieldConditions.Ideal).Seed);
    private readonly SortedDictionary<ulong, ReadingBatch> _outbox = [];
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _windowSlots = new(window, window);
    // A tick per queued batch; the outbox itself is the source of truth for what to send.
    private readonly Channel<bool> _queued = Channel.CreateUnbounded<bool>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    /// <summary>Raised for every answer: (batch, result). Called on the receive loop; keep it short.</summary>
    public event Action<ReadingBatch, BatchResult>? Answered;

    /// <summary>Longest wait between reconnection attempts.</summary>
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(5);

    public long Acked;
    public long Duplicates;
    public long Rejected;
    public long Reconnects;
    public long DuplicatesSent;

    /// <summary>Why the last stream broke, for the progress display.</summary>
    public string? LastError { get; private set; }

    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _outbox.Count;
            }
        }
    }

    public void Start() => _loop ??= RunAsync(_stop.Token);

    /// <summary>Queues a batch; waits while the window of unacknowledged batches is full.</summary>
    public async ValueTask SendAsync(ReadingBatch batch, CancellationToken cancellationToken)
    {
        await _windowSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            _outbox.Add(batch.Seq, batch);
        }

        await _queued.Writer.WriteAsync(true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Completes when every queued batch has been answered.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (Pending > 0)
        {
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            try
            {
                await _loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception ex) when (ex is RpcException or IOException or InvalidOperationException or HttpRequestException)
            {
                // The stream in progress failed or was cancelled while stopping: nothing left to report.
            }
        }

        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var client = new Ingest.IngestClient(channel);
        var delay = TimeSpan.FromMilliseconds(100);
        var first = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            if (!first)
            {
                Interlocked.Increment(ref Reconnects);
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxReconnectDelay.Ticks));
            }

            first = false;
            using var streamStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var answeredBefore = Interlocked.Read(ref Acked) + Interlocked.Read(ref Rejected);
            try
            {
                using var call = client.Stream(credential?.ToHeaders(), cancellationToken: streamStop.Token);
                var receiving = ReceiveAsync(call.ResponseStream, streamStop.Token);
                var sending = SendAsync(call.RequestStream, streamStop.Token);
                try
                {
                    await await Task.WhenAny(receiving, sending).ConfigureAwait(false);
                }
                finally
                {
                    // Back off again from the start only after a stream that was answered: a gateway that
                    // refuses every stream (revoked credential, TLS mismatch) must not be hammered.
                    if (Interlocked.Read(ref Acked) + Interlocked.Read(ref Rejected) > answeredBefore)
                    {
                        delay = TimeSpan.FromMilliseconds(100);
                    }

                    await streamStop.CancelAsync().ConfigureAwait(false);
                    await Task.WhenAll(receiving, sending).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is RpcException or IOException or InvalidOperationException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                LastError = ex.Message;
            }
        }
    }

    /// <summary>Writes every outbox batch not yet written on this stream, oldest first: on a new
    /// stream that starts with everything left unanswered by the previous one.</summary>
    private async Task SendAsync(IClientStreamWriter<ReadingBatch> requests, CancellationToken cancellationToken)
    {
        ulong sentUpTo = 0;
        var writtenOnStream = 0;
        while (true)
        {
            ReadingBatch[] toWrite;
            lock (_gate)
            {
                toWrite = [.. _outbox.Where(e => e.Key > sentUpTo).Select(e => e.Value)];
            }

            foreach (var batch in toWrite)
            {
                await WriteAsync(requests, batch, cancellationToken).ConfigureAwait(false);
                sentUpTo = batch.Seq;
                if (_conditions.DuplicateProbability > 0 && _random.NextDouble() < _conditions.DuplicateProbability)
                {
                    Interlocked.Increment(ref DuplicatesSent);
                    await WriteAsync(requests, batch, cancellationToken).ConfigureAwait(false);
                }

                if (_conditions.DropAfterBatches > 0 && ++writtenOnStream >= _conditions.DropAfterBatches)
                {
                    throw new IOException("simulated connection drop");
                }
            }

            await _queued.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteAsync(IClientStreamWriter<ReadingBatch> requests, ReadingBatch batch, CancellationToken cancellationToken)
    {
        if (_conditions.BytesPerSecond > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds((double)batch.CalculateSize() / _conditions.BytesPerSecond), cancellationToken).ConfigureAwait(false);
        }

        await requests.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
    }

    private async Task ReceiveAsync(IAsyncStreamReader<BatchResult> responses, CancellationToken cancellationToken)
    {
        while (await responses.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            var result = responses.Current;
            ReadingBatch? batch;
            lock (_gate)
            {
                if (result.OutcomeCase == BatchResult.OutcomeOneofCase.Rejection && result.Rejection.Retryable)
                {
                    // Keep it and start a new stream after a pause: everything unanswered is resent.
                    throw new IOException($"gateway asked to retry later: {result.Rejection.Detail}");
                }

                if (!_outbox.Remove(result.Seq, out batch))
                {
                    continue;
                }
            }

            _windowSlots.Release();
            switch (result.OutcomeCase)
            {
                case BatchResult.OutcomeOneofCase.Ack when result.Ack.Duplicate:
                    Interlocked.Increment(ref Duplicates);
                    Interlocked.Increment(ref Acked);
                    break;
                case BatchResult.OutcomeOneofCase.Ack:
                    Interlocked.Increment(ref Acked);
                    break;
                default:
                    Interlocked.Increment(ref Rejected);
                    break;
            }

            Answered?.Invoke(batch, result);
        }

        // The server ended the stream: cause a reconnect for what is still pending.
        throw new IOException("stream ended by the gateway");
    }
}
