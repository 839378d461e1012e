using System.IO.Compression;
using System.Net;

namespace TeleSante.Storage.Influx.Internal;

/// <summary>
/// Line protocol gzip-compressed straight into the request stream (chunked transfer encoding), so
/// a 4 MiB batch needs no second buffer. influxd 1.x decompresses bodies with
/// <c>Content-Encoding: gzip</c> (HTTP API /write).
/// </summary>
internal sealed class GzipContent : HttpContent
{
    private readonly ReadOnlyMemory<byte> _payload;

    public GzipContent(ReadOnlyMemory<byte> payload)
    {
        _payload = payload;
        Headers.ContentEncoding.Add("gzip");
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        // Fastest: line protocol is repetitive enough that level 1 already gets most of the gain,
        // and the gateway's CPU is better spent ingesting.
        var gzip = new GZipStream(stream, CompressionLevel.Fastest, leaveOpen: true);
        await using (gzip.ConfigureAwait(false))
        {
            await gzip.WriteAsync(_payload, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
