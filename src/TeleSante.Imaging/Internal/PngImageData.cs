using System.Buffers;
using System.IO.Compression;

namespace TeleSante.Imaging.Internal;

/// <summary>
/// Decodes a PNG's image data as far as a viewer would need to, without keeping any pixel: the IDAT
/// zlib stream is inflated through one small buffer, every scanline's filter type is checked (0-4,
/// ISO 15948 §9.2) and the inflated length must be exactly what IHDR promises (height × (1 + row
/// bytes), or the sum over the seven Adam7 passes, §8.2). Inflating stops one buffer past that
/// length, so a small file inflating to hundreds of megabytes costs no more than an honest one. A
/// stream that passes this unfilters without error, so the pixels are not reconstructed.
/// </summary>
internal static class PngImageData
{
    private const int InflateBufferBytes = 64 * 1024;

    // Adam7 passes (ISO 15948 §8.2): first column, first row, column step, row step.
    private static readonly (int X, int Y, int Dx, int Dy)[] Adam7 =
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

    /// <exception cref="ImageRejectedException">Corrupt, with what is wrong.</exception>
    public static void Check(Stream file, PngLayout png)
    {
        var rows = Scanlines(png);
        long expected = 0;
        foreach (var (count, bytes) in rows)
        {
            expected += count * (1 + bytes);
        }

        var total = png.Idat.Sum(s => (long)s.Length);
        if (total < 6)
        {
            throw Corrupt($"its image data (IDAT) is {total} bytes long, too short for a zlib stream");
        }

        var buffer = ArrayPool<byte>.Shared.Rent(InflateBufferBytes);
        try
        {
            long inflated = 0;
            var adler = new Adler32();
            var scan = new ScanlineCursor(rows);
            using var zlib = new ZLibStream(new IdatStream(file, png.Idat), CompressionMode.Decompress);
            int read;
            while ((read = Inflate(zlib, buffer)) > 0)
            {
                if (inflated + read > expected)
                {
                    throw Corrupt($"its image data inflates to more than the {expected} bytes its header promises for {png.Width}x{png.Height} pixels (a decompression bomb or a wrong header)");
                }

                var block = buffer.AsSpan(0, read);
                if (scan.FirstBadFilter(block) is { } bad)
                {
                    throw Corrupt($"scanline {bad.Row}{(png.Interlace == 1 ? $" of Adam7 pass {bad.Pass + 1}" : string.Empty)} has filter type {bad.Filter} (0-4 allowed)");
                }

                adler.Append(block);
                inflated += read;
            }

            if (inflated < expected)
            {
                throw Corrupt($"its image data inflates to {inflated} bytes but its header promises {expected} for {png.Width}x{png.Height} pixels (cut short or a wrong header)");
            }

            // .NET's inflater reports the end of its input, not the end of the zlib stream: a deflate
            // stream cut after the last pixel but before its final block and Adler-32 reads like a whole
            // one. The trailer must be the checksum of what was inflated (RFC 1950 §2.2).
            if (Tail(file, png.Idat) != adler.Value)
            {
                throw Corrupt("its image data does not end with the Adler-32 of its pixels: the zlib stream is cut short or followed by extra bytes");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Rows of each (sub)image, as (row count, bytes per row without the filter byte); empty passes left out.</summary>
    private static List<(long Count, long Bytes)> Scanlines(PngLayout png)
    {
        if (png.Interlace == 0)
        {
            return [(png.Height, png.RowBytes(png.Width))];
        }

        var passes = new List<(long, long)>(Adam7.Length);
        foreach (var (x, y, dx, dy) in Adam7)
        {
            long width = png.Width > x ? (png.Width - x + dx - 1) / dx : 0;
            long height = png.Height > y ? (png.Height - y + dy - 1) / dy : 0;
            if (width > 0 && height > 0)
            {
                passes.Add((height, png.RowBytes(width)));
            }
        }

        return passes;
    }

    private static int Inflate(ZLibStream zlib, byte[] buffer)
    {
        try
        {
            return zlib.Read(buffer, 0, InflateBufferBytes);
        }
        catch (InvalidDataException ex)
        {
            throw Corrupt($"its image data (IDAT) is not a valid zlib stream: {ex.Message}");
        }
    }

    private static uint Tail(Stream file, IReadOnlyList<(long Offset, int Length)> idat)
    {
        // The last four bytes of the concatenated IDAT data, which may straddle chunks.
        uint value = 0;
        var shift = 0;
        Span<byte> one = stackalloc byte[1];
        for (var i = idat.Count - 1; i >= 0 && shift < 32; i--)
        {
            for (var k = idat[i].Length - 1; k >= 0 && shift < 32; k--)
            {
                file.Position = idat[i].Offset + k;
                file.ReadExactly(one);
                value |= (uint)one[0] << shift;
                shift += 8;
            }
        }

        return value;
    }

    private static ImageRejectedException Corrupt(string why) => new(ImageRejection.Corrupt, "PNG does not decode: " + why);
}
