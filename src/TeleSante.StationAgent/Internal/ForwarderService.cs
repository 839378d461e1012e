using System.Threading.Channels;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TeleSante.Contracts.V1;

namespace TeleSante.StationAgent.Internal;

/// <summary>
/// Streams the outbox to the gateway (telesante.v1.Ingest/Stream) in id order and lets an entry go only
/// once the gateway answered it: ack or duplicate ack (stored), or a refusal for good (kept in the
/// rejected-batches file first). A retryable refusal, a broken or stuck stream, or an unreachable gateway
/// ends the stream; after a back-off a new one resends everything unanswered, from the oldest entry. The
/// gateway recognises what it already stored by (device_id, seq), so resending is always safe.
/// </summary>
internal sealed class ForwarderService(
    DiskOutbox outbox,
    AgentStatus status,
    IOptions<GatewayOptions> options,
    TimeProvider time,
    ILogger<ForwarderService> logger) : BackgroundService
{
    private readonly GatewayOptions _options = options.Value;
    private readonly Metadata? _headers = Credentials(options.Value);

    // Wakes the checkpoint writer; one pending signal is enough since it persists the latest state.
    private readonly Channel<bool> _answered = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
        SingleWriter = true,
    });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var channel = GrpcChannel.ForAddress(_options.Url, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectTimeout = _options.ConnectTimeout,
                KeepAlivePingDelay = _options.KeepAlivePingDelay,
                KeepAlivePingTimeout = _options.KeepAlivePingTimeout,
                KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
                EnableMultipleHttp2Connections = false,
            },
            // Resending is this service's job, with its own back-off and from the outbox: no hidden retries.
            MaxRetryAttempts = 0,
            // Shutdown cancels the stream: let that surface as cancellation, not as a failed stream.
            ThrowOperationCanceledOnCancellation = true,
        });
        var client = new Ingest.IngestClient(channel);
        var checkpoints = PersistLoopAsync();
        var delay = _options.RetryInitialDelay;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var answeredBefore = status.Acked + status.DuplicateAcks + status.RefusedByGateway;
                try
                {
                    await StreamAsync(client, stoppingToken).ConfigureAwait(false);
                }
                catch (Exception) when (stoppingToken.IsCancellationRequested)
                {
                    // Whatever ended the stream during shutdown, what is unanswered stays in the outbox for the next start.
                    break;
                }
                catch (Exception ex) when (ex is RpcException or IOException or HttpRequestException or TimeoutException or RetryLaterException or InvalidOperationException or OperationCanceledException)
                {
                    status.StreamFailed(ex.Message);
                    if (ex is RpcException { StatusCode: StatusCode.Unauthenticated or StatusCode.PermissionDenied })
                    {
                        // Resending will not help until someone fixes the station's registration or token.
                        AgentLog.GatewayDenied(logger, _options.Url, _options.StationId, ex.Message);
                        delay = _options.RetryMaxDelay;
                    }

                    if (status.Acked + status.DuplicateAcks + status.RefusedByGateway > answeredBefore)
                    {
                        // The gateway was answering: this is a fresh failure, start the back-off again.
                        delay = _options.RetryInitialDelay;
                    }

                    if (ex is RetryLaterException { Reason: RejectReason.RateLimited })
                    {
                        // Expected while a backlog drains faster than the gateway's per-device rate: pacing, not a fault.
                        AgentLog.RateLimited(logger, ex.Message, outbox.PendingCount, delay);
                    }
                    else
                    {
                        AgentLog.StreamFailed(logger, _options.Url, ex.Message, outbox.PendingCount, delay);
                    }
                }

                try
                {
                    await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.RetryMaxDelay.Ticks));
            }
        }
        finally
        {
            status.Disconnected();
            _answered.Writer.TryComplete();
            await checkpoints.ConfigureAwait(false);
        }
    }

    private static Metadata? Credentials(GatewayOptions options) =>
        string.IsNullOrEmpty(options.StationId) || string.IsNullOrEmpty(options.Token)
            ? null
            : new Metadata { { "x-telesante-device", options.StationId }, { "x-telesante-token", options.Token } };

    /// <summary>One stream: returns or throws when it ends; every entry it did not see answered stays in the outbox.</summary>
    private async Task StreamAsync(Ingest.IngestClient client, CancellationToken stoppingToken)
    {
        // Two ways to end a stream. Closing (shutdown, retryable refusal): stop sending and half-close, so
        // the gateway answers what is in flight and ends the call itself; a reset stream would throw those
        // answers away (and the gateway logs it as an error). Cutting: cancel the call, when the stream is
        // broken anyway or closing took longer than CloseTimeout.
        using var cut = new CancellationTokenSource();
        using var close = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var cutWhenClosingTakesTooLong = close.Token.Register(() => cut.CancelAfter(_options.CloseTimeout));
        using var call = client.Stream(_headers, cancellationToken: cut.Token);

        // Sent but not answered, oldest first; its capacity is the window. The gateway answers in order.
        var inFlight = Channel.CreateBounded<(OutboxEntry Entry, long SentAt)>(new BoundedChannelOptions(_options.Window)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });
        var sending = SendAsync(call.RequestStream, inFlight.Writer, close.Token, cut.Token);
        var receiving = ReceiveAsync(call.ResponseStream, inFlight.Reader, close, cut.Token, stoppingToken);
        var watching = WatchAnswersAsync(inFlight.Reader, cut.Token);
        var first = await Task.WhenAny(sending, receiving, watching).ConfigureAwait(false);
        await cut.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(sending, receiving, watching).ConfigureAwait(false);
        }
        catch
        {
            // The first task to end says why the stream ended; the others were only cut because of it.
        }

        // The receiver sees how the gateway ended the call (UNAUTHENTICATED, UNAVAILABLE…); a write that
        // failed at the same moment only knows that the call is over.
        if (receiving.Exception?.InnerException is RpcException rpc)
        {
            throw rpc;
        }

        await first.ConfigureAwait(false);
        throw new IOException("the stream ended");
    }

    /// <summary>Sends outbox entries in order until the stream closes, then half-closes it; completes only
    /// by failing or being cut, since the receiver is the one that knows how the stream ended.</summary>
    private async Task SendAsync(IClientStreamWriter<ReadingBatch> requests, ChannelWriter<(OutboxEntry, long)> inFlight, CancellationToken closing, CancellationToken cut)
    {
        // A new stream starts with the oldest unanswered entry: whatever the previous stream had in
        // flight is sent again, and the gateway answers duplicates for what it had already stored.
        var after = outbox.AckedId;
        using var closingOrCut = CancellationTokenSource.CreateLinkedTokenSource(closing, cut);
        try
        {
            while (true)
            {
                var entries = outbox.ReadAfter(after, _options.ReadBatchSize);
                if (entries.Count == 0)
                {
                    await outbox.WaitForEntriesAfterAsync(after, closingOrCut.Token).ConfigureAwait(false);
                    continue;
                }

                foreach (var entry in entries)
                {
                    // Into the in-flight queue before the wire, so that its answer always finds it there.
                    await inFlight.WriteAsync((entry, time.GetTimestamp()), closingOrCut.Token).ConfigureAwait(false);

                    // Only cutting stops a write: cancelling a gRPC write cancels the whole call.
                    await requests.WriteAsync(entry.Batch, cut).ConfigureAwait(false);
                    after = entry.Id;
                }
            }
        }
        catch (OperationCanceledException) when (closing.IsCancellationRequested && !cut.IsCancellationRequested)
        {
            await requests.CompleteAsync().ConfigureAwait(false);
        }

        await Task.Delay(Timeout.InfiniteTimeSpan, time, cut).ConfigureAwait(false);
    }

    private async Task ReceiveAsync(
        IAsyncStreamReader<BatchResult> responses,
        ChannelReader<(OutboxEntry Entry, long SentAt)> inFlight,
        CancellationTokenSource close,
        CancellationToken cut,
        CancellationToken stoppingToken)
    {
        RetryLaterException? retryLater = null;
        try
        {
            while (await responses.MoveNext(cut).ConfigureAwait(false))
            {
                var result = responses.Current;
                if (!inFlight.TryRead(out var sent))
                {
                    throw new IOException($"the gateway answered seq {result.Seq} with nothing in flight");
                }

                if (retryLater is not null)
                {
                    // Answers after a refused batch are not taken: the outbox lets entries go in order only,
                    // so these are resent on the next stream and answered as duplicates.
                    continue;
                }

                var entry = sent.Entry;
                if (result.Seq != entry.Batch.Seq)
                {
                    // Answers come in send order (ingest.proto); anything else means we cannot tell which
                    // entry was answered, so nothing is let go and the stream is restarted.
                    throw new IOException($"the gateway answered seq {result.Seq} where seq {entry.Batch.Seq} of {entry.Batch.DeviceId} was expected");
                }

                status.Connected();
                switch (result.OutcomeCase)
                {
                    case BatchResult.OutcomeOneofCase.Ack:
                        outbox.Acknowledge(entry);
                        status.Answered(result.Ack.Duplicate);
                        break;
                    case BatchResult.OutcomeOneofCase.Rejection when result.Rejection.Retryable:
                        status.RetryableRefusal();
                        retryLater = new RetryLaterException(result.Rejection.Reason, $"the gateway asked to retry {entry.Batch.DeviceId} seq {entry.Batch.Seq} later: {result.Rejection.Reason} {result.Rejection.Detail}");
                        await close.CancelAsync().ConfigureAwait(false);
                        continue;
                    case BatchResult.OutcomeOneofCase.Rejection:
                        outbox.Refuse(entry, result.Rejection.Reason, result.Rejection.Detail);
                        status.RefusedForGood();
                        AgentLog.RefusedByGateway(logger, entry.Batch.DeviceId, entry.Batch.Seq, result.Rejection.Reason, result.Rejection.Detail, entry.Line);
                        break;
                    default:
                        throw new IOException($"the gateway answered seq {result.Seq} without an outcome");
                }

                _answered.Writer.TryWrite(true);
            }
        }
        catch (OperationCanceledException) when (retryLater is not null || stoppingToken.IsCancellationRequested)
        {
            // Closing took longer than CloseTimeout and the stream was cut: what is unanswered stays in the outbox.
        }

        if (retryLater is not null)
        {
            throw retryLater;
        }

        stoppingToken.ThrowIfCancellationRequested();
        throw new IOException("the gateway ended the stream");
    }

    /// <summary>Ends a stream whose oldest unanswered batch waited longer than <see cref="GatewayOptions.AnswerTimeout"/>:
    /// a gateway that stopped answering on a connection that still looks alive.</summary>
    private async Task WatchAnswersAsync(ChannelReader<(OutboxEntry Entry, long SentAt)> inFlight, CancellationToken cancellationToken)
    {
        var period = TimeSpan.FromTicks(Math.Max(_options.AnswerTimeout.Ticks / 4, TimeSpan.FromMilliseconds(100).Ticks));
        while (true)
        {
            await Task.Delay(period, time, cancellationToken).ConfigureAwait(false);
            if (inFlight.TryPeek(out var oldest) && time.GetElapsedTime(oldest.SentAt) > _options.AnswerTimeout)
            {
                throw new TimeoutException($"no answer for {oldest.Entry.Batch.DeviceId} seq {oldest.Entry.Batch.Seq} within {_options.AnswerTimeout}");
            }
        }
    }

    /// <summary>Writes the checkpoint and drops answered segments off the receive path, coalescing
    /// bursts of answers into one fsync.</summary>
    private async Task PersistLoopAsync()
    {
        // Runs until the forwarder completes the channel at shutdown, so the last answers are persisted too.
        await foreach (var _ in _answered.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
        {
            await PersistAsync().ConfigureAwait(false);
        }

        await PersistAsync().ConfigureAwait(false);
    }

    private async Task PersistAsync()
    {
        try
        {
            await outbox.PersistAcknowledgementsAsync().ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            // Not fatal: the answered entries stay on disk and are resent (as duplicates) after a restart.
            AgentLog.CheckpointFailed(logger, ex);
        }
    }
}
