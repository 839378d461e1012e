using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Options;
using TeleSante.Contracts.V1;
using TeleSante.Ingestion;

namespace TeleSante.Gateway.GrpcIngest;

/// <summary>
/// telesante.v1.Ingest/Stream. Batches are submitted as they arrive and answered in arrival order;
/// up to <see cref="IngestionOptions.MaxInFlightPerStream"/> may be in the pipeline at once, which
/// lets the write-ahead log group many into one fsync. When that many are unanswered the reader
/// waits, so HTTP/2 flow control slows the device instead of the gateway buffering without bound.
/// </summary>
internal sealed class IngestGrpcService(IngestionPipeline pipeline, IOptions<IngestionOptions> options) : IngestServiceBase
{
    public const string Transport = "grpc";

    public override async Task Stream(IAsyncStreamReader<IncomingBatch> requests, IServerStreamWriter<BatchResult> responses, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
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
                var submission = incoming.Batch is { } batch
                    ? (batch.Seq, pipeline.SubmitAsync(batch, Transport, incoming.Raw, cancellationToken).AsTask())
                    : (0UL, pipeline.RejectUndecodableAsync(incoming.Raw, Transport, null, RejectReason.Malformed, $"not a ReadingBatch: {incoming.Error}", cancellationToken).AsTask());
                await pending.Writer.WriteAsync(submission, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            pending.Writer.TryComplete();
        }

        await answering.ConfigureAwait(false);
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
