using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;

namespace TeleSante.Imaging.Tests;

/// <summary>Small, structurally valid images built here so the probe is checked against files whose
/// every byte the test controls (the simulator's camera is exercised end to end elsewhere).</summary>
internal static class TestImages
{
    /// <summary>An 8-bit RGB PNG with a gradient, written chunk by chunk with real CRCs.</summary>
    public static byte[] Png(int width, int height, int seed = 0)
    {
        var raw = new byte[height * (1 + (width * 3))];
        for (var y = 0; y < height; y++)
        {
            var row = y * (1 + (width * 3));
            for (var x = 0; x < width; x++)
            {
                raw[row + 1 + (x * 3)] = (byte)(x + seed);
                raw[row + 2 + (x * 3)] = (byte)(y * 3);
                raw[row + 3 + (x * 3)] = (byte)(x ^ y);
            }
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(raw);
        }

        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8;
        ihdr[9] = 2;
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR"u8, ihdr);
        Chunk(png, "IDAT"u8, compressed.ToArray());
        Chunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    /// <summary>A real baseline JPEG (the simulated camera's encoder) of a gradient, with an optional
    /// Exif block of <paramref name="exifBytes"/> placed before its frame header.</summary>
    public static byte[] Jpeg(int width, int height, int exifBytes = 0, int seed = 0)
    {
        var pixels = new byte[width * height * 3];
        for (var i = 0; i < width * height; i++)
        {
            var (x, y) = (i % width, i / width);
            pixels[3 * i] = (byte)(x + seed);
            pixels[(3 * i) + 1] = (byte)(y * 3);
            pixels[(3 * i) + 2] = (byte)(x ^ y);
        }

        var jpeg = TeleSante.FirmwareSim.Devices.Fundus.JpegEncoder.Encode(new TeleSante.FirmwareSim.Devices.Fundus.RgbImage(width, height, pixels));
        if (exifBytes == 0)
        {
            return jpeg;
        }

        using var withExif = new MemoryStream();
        withExif.Write(jpeg.AsSpan(0, 2));
        Segment(withExif, 0xE1, [.. "Exif\0\0"u8, .. new byte[exifBytes]]);
        withExif.Write(jpeg.AsSpan(2));
        return withExif.ToArray();
    }

    /// <summary>A JFIF skeleton: the markers and segments a baseline JPEG has, with a token scan that
    /// does not decode. For checks made on the headers alone (the pixel limit comes before decoding).</summary>
    public static byte[] JpegHeadersOnly(int width, int height, int exifBytes = 0)
    {
        using var jpeg = new MemoryStream();
        jpeg.Write([0xFF, 0xD8]);
        Segment(jpeg, 0xE0, [.. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        if (exifBytes > 0)
        {
            Segment(jpeg, 0xE1, [.. "Exif\0\0"u8, .. new byte[exifBytes]]);
        }

        Segment(jpeg, 0xDB, [0, .. Enumerable.Repeat((byte)1, 64)]);
        var frame = new byte[] { 8, 0, 0, 0, 0, 1, 1, 0x11, 0 };
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(1), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(3), (ushort)width);
        Segment(jpeg, 0xC0, frame);
        Segment(jpeg, 0xC4, [0x00, 1, .. new byte[15], 0]);
        Segment(jpeg, 0xDA, [1, 1, 0, 0, 63, 0]);
        jpeg.Write([0x12, 0x34, 0xFF, 0x00, 0x56]);
        jpeg.Write([0xFF, 0xD9]);
        return jpeg.ToArray();
    }

    /// <summary>An IHDR chunk's 13 bytes.</summary>
    public static byte[] Header(int width, int height, byte bitDepth = 8, byte colourType = 2, byte interlace = 0)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = bitDepth;
        ihdr[9] = colourType;
        ihdr[12] = interlace;
        return ihdr;
    }

    /// <summary>zlib-compresses <paramref name="raw"/> (filtered scanlines, filter bytes included).</summary>
    public static byte[] Zlib(ReadOnlySpan<byte> raw)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw);
        }

        return compressed.ToArray();
    }

    /// <summary>A PNG of exactly these chunks after the signature and IHDR, each with a correct CRC and
    /// IEND added: every structural check passes, so what is left to fail is the decoding.</summary>
    public static byte[] PngOf(byte[] ihdr, params (string Type, byte[] Data)[] chunks)
    {
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR"u8, ihdr);
        foreach (var (type, data) in chunks)
        {
            Chunk(png, System.Text.Encoding.ASCII.GetBytes(type), data);
        }

        Chunk(png, "IEND"u8, []);
        return png.ToArray();
    }

    /// <summary>Filtered scanlines (filter 0, pixel bytes from a pattern) for a 8-bit RGB image,
    /// non-interlaced or as the seven Adam7 passes.</summary>
    public static byte[] Scanlines(int width, int height, bool interlaced)
    {
        (int X, int Y, int Dx, int Dy)[] passes = interlaced
            ? [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
            : [(0, 0, 1, 1)];
        using var raw = new MemoryStream();
        foreach (var (x0, y0, dx, dy) in passes)
        {
            var w = width > x0 ? (width - x0 + dx - 1) / dx : 0;
            var h = height > y0 ? (height - y0 + dy - 1) / dy : 0;
            for (var row = 0; row < h && w > 0; row++)
            {
                raw.WriteByte(0);
                for (var i = 0; i < w * 3; i++)
                {
                    raw.WriteByte((byte)(i + row));
                }
            }
        }

        return raw.ToArray();
    }

    private static void Chunk(Stream png, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        png.Write(type);
        png.Write(data);
        var crc = new Crc32();
        crc.Append(type);
        crc.Append(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, crc.GetCurrentHashAsUInt32());
        png.Write(word);
    }

    private static void Segment(Stream jpeg, byte marker, byte[] payload)
    {
        jpeg.Write([0xFF, marker, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2)]);
        jpeg.Write(payload);
    }
}
