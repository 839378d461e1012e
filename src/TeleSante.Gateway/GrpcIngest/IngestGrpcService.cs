using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TeleSante.Access.Audit;
using TeleSante.Access.Devices;
using TeleSante.Contracts.V1;
using TeleSante.Gateway.Security;
using TeleSante.Ingestion;

namespace TeleSante.Gateway.GrpcIngest;

/// <summary>
/// telesante.v1.Ingest/Stream. Batches are submitted as they arrive and answered in arrival order;
/// up to <see cref="IngestionOptions.MaxInFlightPerStream"/> may be in the pipeline at once, which
/// lets the write-ahead log group many into one fsync. When that many are unanswered the reader
/// waits, so HTTP/2 flow control slows the device instead of the gateway buffering without bound.
/// </summary>
internal sealed class IngestGrpcService(
    IngestionPipeline pipeline,
    IOptions<IngestionOptions> options,
    IOptions<SecurityOptions> security,
    DeviceAuthenticator authenticator,
    DeviceConnections connections,
    IAuditTrail audit) : IngestServiceBase
{
    public const string Transport = "grpc";

    public override async Task Stream(IAsyncStreamReader<IncomingBatch> requests, IServerStreamWriter<BatchResult> responses, ServerCallContext context)
    {
        var device = await AuthenticateAsync(context).ConfigureAwait(false);

        // Revoking the device cancels this token: the stream ends at once.
        using var streamStop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        using var registration = device is null ? null
            : connections.TryRegister(device.Id, streamStop, security.Value.MaxConnectionsPerDevice)
              ?? throw new RpcException(new Status(StatusCode.ResourceExhausted, $"device '{device.Id}' already has {security.Value.MaxConnectionsPerDevice} open streams (Security:MaxConnectionsPerDevice)"));
        var cancellationToken = streamStop.Token;
        var pending = Channel.CreateBounded<(ulong Seq, Task<IngestResult> Result)>(new BoundedChannelOptions(options.Value.MaxInFlightPerStream)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        var answering = AnswerInOrderAsync(pending.Reader, responses, cancellationToken);
        try
        {
            while (await requests.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                var incoming = requests.Current;
                var submission = incoming.Batch is not { } batch
                    ? (0UL, pipeline.RejectUndecodableAsync(incoming.Raw, Transport, device?.Id, RejectReason.Malformed, $"not a ReadingBatch: {incoming.Error}", cancellationToken).AsTask())
                    : device is not null && DeviceIdentity.Check(device, batch) is { } refusal
                        ? (batch.Seq, RefuseForeignBatchAsync(device.Id, batch, incoming.Raw, refusal, context.Peer))
                        : (batch.Seq, pipeline.SubmitEncodedAsync(batch, Transport, incoming.Raw, cancellationToken).AsTask());
                await pending.Writer.WriteAsync(submission, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException && (context.CancellationToken.IsCancellationRequested || streamStop.IsCancellationRequested))
        {
            // The device dropped or reset its stream (mobile link, reboot): normal in the field. What it
            // sent is in the pipeline; unanswered batches are resent by the device on its next stream.
            // Or it was revoked: said below.
        }
        finally
        {
            pending.Writer.TryComplete();
        }

        try
        {
            await answering.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException && (context.CancellationToken.IsCancellationRequested || streamStop.IsCancellationRequested))
        {
            // Nobody left to answer.
        }

        // Only a revocation stops the stream from our side: end it with a status that says so, never
        // with OK (which a device would take for a normal end and reconnect to).
        if (streamStop.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Unauthenticated, $"device '{device?.Id}' was revoked"));
        }
    }

    /// <summary>The device's registered identity from the call headers; null when device authentication
    /// is off. Unknown, wrong or revoked credentials end the call with UNAUTHENTICATED.</summary>
    private async Task<DeviceRecord?> AuthenticateAsync(ServerCallContext context)
    {
        var check = await authenticator.CheckAsync(context.RequestHeaders.GetValue(DeviceIdentity.DeviceHeader), context.RequestHeaders.GetValue(DeviceIdentity.TokenHeader), context.Peer, context.CancellationToken).ConfigureAwait(false);
        return check.Refused ? throw new RpcException(new Status(StatusCode.Unauthenticated, check.Refusal!)) : check.Device;
    }

    /// <summary>A device sending for another device or site: refused, kept as a dead letter, audited.</summary>
    private async Task<IngestResult> RefuseForeignBatchAsync(string deviceId, ReadingBatch batch, ReadOnlyMemory<byte> raw, string refusal, string peer)
    {
        await audit.RecordAsync(new AuditEntry(deviceId, "batch.submit", "device/" + batch.DeviceId, AuditEntry.Denied, peer, refusal), CancellationToken.None).ConfigureAwait(false);
        return await pipeline.RejectUndecodableAsync(raw, Transport, deviceId, RejectReason.DeviceMismatch, refusal, CancellationToken.None).ConfigureAwait(false);
    }

    private static async Task AnswerInOrderAsync(ChannelReader<(ulong Seq, Task<IngestResult> Result)> pending, IServerStreamWriter<BatchResult> responses, CancellationToken cancellationToken)
    {
        await foreach (var (seq, result) in pending.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            var outcome = await result.ConfigureAwait(false);
            await responses.WriteAsync(outcome.ToBatchResult(seq), cancellationToken).ConfigureAwait(false);
        }
    }
}
