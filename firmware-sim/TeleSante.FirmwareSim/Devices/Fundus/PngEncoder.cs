using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using TeleSante.FirmwareSim.Devices.Fundus.Internal;

namespace TeleSante.FirmwareSim.Devices.Fundus;

/// <summary>
/// A minimal PNG writer (PNG specification, ISO/IEC 15948 / W3C): 8-bit truecolour, no interlace,
/// IHDR, optional tEXt, one IDAT compressed with zlib (RFC 1950), IEND. Each row gets the filter
/// the specification recommends choosing heuristically (section 12.8: the one whose output has the
/// smallest sum of absolute values as signed bytes).
/// </summary>
public static class PngEncoder
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <param name="text">tEXt keyword/value pairs; Latin-1 only, keywords 1..79 characters (section 11.3.4.3).</param>
    public static byte[] Encode(RgbImage image, IReadOnlyDictionary<string, string>? text = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var png = new MemoryStream();
        png.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, image.Width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], image.Height);
        header[8] = 8; // bit depth
        header[9] = 2; // colour type: truecolour (RGB)
        header[10] = 0; // compression: deflate
        header[11] = 0; // filter method: adaptive
        header[12] = 0; // no interlace
        WriteChunk(png, "IHDR", header);

        foreach (var (keyword, value) in text ?? new Dictionary<string, string>())
        {
            WriteChunk(png, "tEXt", TextChunk(keyword, value));
        }

        WriteChunk(png, "IDAT", Compress(Filter(image)));
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static byte[] TextChunk(string keyword, string value)
    {
        if (keyword.Length is < 1 or > 79 || keyword.Any(c => c < 32 || c > 255) || value.Any(c => c > 255 || c == 0))
        {
            throw new ArgumentException($"tEXt '{keyword}': keyword must be 1..79 Latin-1 characters and the text Latin-1 without NUL");
        }

        var latin1 = Encoding.Latin1;
        var data = new byte[keyword.Length + 1 + value.Length];
        latin1.GetBytes(keyword, data);
        latin1.GetBytes(value, data.AsSpan(keyword.Length + 1));
        return data;
    }

    private static byte[] Filter(RgbImage image)
    {
        const int Bpp = 3;
        var stride = image.Width * Bpp;
        var filtered = new byte[image.Height * (stride + 1)];
        var candidate = new byte[5][];
        for (var f = 0; f < 5; f++)
        {
            candidate[f] = new byte[stride];
        }

        var zero = new byte[stride];
        for (var y = 0; y < image.Height; y++)
        {
            var row = image.Pixels.AsSpan(y * stride, stride);
            var prior = y == 0 ? zero : image.Pixels.AsSpan((y - 1) * stride, stride);
            for (var i = 0; i < stride; i++)
            {
                int a = i >= Bpp ? row[i - Bpp] : 0, b = prior[i], c = i >= Bpp ? prior[i - Bpp] : 0;
                candidate[0][i] = row[i];
                candidate[1][i] = (byte)(row[i] - a);
                candidate[2][i] = (byte)(row[i] - b);
                candidate[3][i] = (byte)(row[i] - ((a + b) >> 1));
                candidate[4][i] = (byte)(row[i] - Paeth(a, b, c));
            }

            var best = 0;
            var bestCost = long.MaxValue;
            for (var f = 0; f < 5; f++)
            {
                long cost = 0;
                foreach (var v in candidate[f])
                {
                    cost += Math.Abs((int)(sbyte)v);
                }

                if (cost < bestCost)
                {
                    (best, bestCost) = (f, cost);
                }
            }

            var o = y * (stride + 1);
            filtered[o] = (byte)best;
            candidate[best].CopyTo(filtered, o + 1);
        }

        return filtered;
    }

    /// <summary>Section 9.4: the neighbour (left, above, upper-left) closest to left + above - upper-left.</summary>
    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static byte[] Compress(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>Length, type, data, CRC-32 of type and data (section 5.3).</summary>
    private static void WriteChunk(Stream png, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        Span<byte> typeBytes = stackalloc byte[4];
        Encoding.ASCII.GetBytes(type, typeBytes);
        png.Write(typeBytes);
        png.Write(data);
        var crc = Crc32.Append(Crc32.Append(0, typeBytes), data);
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        png.Write(word);
    }
}
