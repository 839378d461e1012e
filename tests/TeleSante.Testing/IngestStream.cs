using Grpc.Core;
using Grpc.Net.Client;
using TeleSante.Contracts.V1;

namespace TeleSante.Testing;

/// <summary>The gateway's gRPC ingestion stream as a test drives it.</summary>
public static class IngestStream
{
    /// <summary>One stream: every batch, then every answer (in order). Fewer batches than the gateway's
    /// in-flight limit (64) per call, or the writes wait for answers nobody reads yet.</summary>
    public static async Task<List<BatchResult>> SendAllAsync(GrpcChannel channel, IEnumerable<ReadingBatch> batches, Metadata? headers = null)
    {
        using var call = new Ingest.IngestClient(channel).Stream(headers);
        foreach (var batch in batches)
        {
            await call.RequestStream.WriteAsync(batch).ConfigureAwait(false);
        }

        await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        var answers = new List<BatchResult>();
        await foreach (var answer in call.ResponseStream.ReadAllAsync().ConfigureAwait(false))
        {
            answers.Add(answer);
        }

        return answers;
    }
}
