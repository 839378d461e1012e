using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TeleSante.Storage.Influx.Tests;

/// <summary>
/// What goes on the wire where influxd 1.6 cannot tell us (Token auth is 2.x/3.x only): a
/// one-shot loopback HTTP server records the request.
/// </summary>
public sealed class InfluxWireFormatTests
{
    [Fact]
    public async Task Write_sends_gzip_body_ns_precision_retention_policy_and_Token_header()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var log = new RecordingLogger<InfluxV1Store>();
        var store = Stores.Create(new Uri($"http://127.0.0.1:{port}/prefix"), "db 1", log, o =>
        {
            o.Token = "secret-token";
            o.RetentionPolicy = "one week";
        });
        var payload = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 100).Select(i => $"m,t=é v={i} {i}\n")));

        var server = RecordOneRequestAsync(listener);
        var result = await store.WriteAsync(payload, CancellationToken.None);
        var (head, body) = await server;

        result.IsSuccess.Should().BeTrue();
        head.Should().StartWith("POST /prefix/write?db=db%201&precision=ns&rp=one%20week HTTP/1.1\r\n");
        head.Should().Contain("Authorization: Token secret-token\r\n");
        head.Should().Contain("Content-Encoding: gzip\r\n");
        head.Should().Contain("Content-Type: text/plain; charset=utf-8\r\n");
        using var gunzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var plain = new MemoryStream();
        await gunzip.CopyToAsync(plain);
        plain.ToArray().Should().Equal(payload);
    }

    [Fact]
    public async Task Small_writes_go_uncompressed_even_with_gzip_on()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var store = Stores.Create(new Uri($"http://127.0.0.1:{port}"), "db", new RecordingLogger<InfluxV1Store>());

        var server = RecordOneRequestAsync(listener);
        (await store.WriteAsync("m v=1 1\n"u8.ToArray(), CancellationToken.None)).IsSuccess.Should().BeTrue();
        var (head, body) = await server;

        head.Should().NotContain("Content-Encoding").And.Contain("Content-Length: 8\r\n");
        head.Should().NotContain("Authorization");
        Encoding.UTF8.GetString(body).Should().Be("m v=1 1\n");
    }

    private static async Task<(string Head, byte[] Body)> RecordOneRequestAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var received = new MemoryStream();
        var buffer = new byte[8192];
        int headEnd;
        while ((headEnd = IndexOf(received.ToArray(), "\r\n\r\n"u8)) < 0)
        {
            received.Write(buffer, 0, await stream.ReadAsync(buffer));
        }

        var head = Encoding.ASCII.GetString(received.ToArray(), 0, headEnd + 4);
        var rest = received.ToArray()[(headEnd + 4)..];
        var response = "HTTP/1.1 204 No Content\r\nX-Influxdb-Version: fake\r\nContent-Length: 0\r\n\r\n"u8.ToArray();
        var lengthHeader = head.Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Length: ", StringComparison.Ordinal));
        if (lengthHeader is not null)
        {
            var length = int.Parse(lengthHeader["Content-Length: ".Length..], System.Globalization.CultureInfo.InvariantCulture);
            var fixedBody = new MemoryStream();
            fixedBody.Write(rest);
            while (fixedBody.Length < length)
            {
                fixedBody.Write(buffer, 0, await stream.ReadAsync(buffer));
            }

            await stream.WriteAsync(response);
            return (head, fixedBody.ToArray());
        }

        // The gzip body is streamed with chunked transfer encoding: read until the last chunk.
        var raw = new MemoryStream();
        raw.Write(rest);
        while (IndexOf(raw.ToArray(), "\r\n0\r\n\r\n"u8) < 0 && !raw.ToArray().AsSpan().StartsWith("0\r\n\r\n"u8))
        {
            raw.Write(buffer, 0, await stream.ReadAsync(buffer));
        }

        await stream.WriteAsync(response);
        return (head, Dechunk(raw.ToArray()));
    }

    private static byte[] Dechunk(byte[] chunked)
    {
        var body = new MemoryStream();
        var position = 0;
        while (true)
        {
            var lineEnd = IndexOf(chunked.AsSpan(position), "\r\n"u8) + position;
            var size = Convert.ToInt32(Encoding.ASCII.GetString(chunked, position, lineEnd - position), 16);
            if (size == 0)
            {
                return body.ToArray();
            }

            body.Write(chunked, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
    }

    private static int IndexOf(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle) => haystack.IndexOf(needle);
}
