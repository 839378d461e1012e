using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace TeleSante.FirmwareSim.Tests.Support;

/// <summary>
/// A strict little PNG reader written from the specification, independent of the encoder under
/// test: signature, chunk CRCs (System.IO.Hashing's CRC-32, not the simulator's), IHDR first and
/// IEND last, IDAT inflated with zlib, every row unfiltered (all five filter types). Only 8-bit
/// truecolour without interlace, which is all the simulator writes; anything else throws.
/// </summary>
internal static class PngReader
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static DecodedPng Decode(byte[] png)
    {
        if (!png.AsSpan(0, 8).SequenceEqual(Signature))
        {
            throw new InvalidDataException("not a PNG signature");
        }

        var types = new List<string>();
        var text = new Dictionary<string, string>();
        using var idat = new MemoryStream();
        int width = 0, height = 0;
        var offset = 8;
        while (offset < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var typeAndData = png.AsSpan(offset + 4, 4 + length);
            var type = Encoding.ASCII.GetString(typeAndData[..4]);
            var data = typeAndData[4..];
            var stored = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(offset + 8 + length));
            var computed = Crc32.HashToUInt32(typeAndData);
            if (stored != computed)
            {
                throw new InvalidDataException($"{type}: CRC {stored:X8} stored, {computed:X8} computed");
            }

            types.Add(type);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    if (data[8] != 8 || data[9] != 2 || data[10] != 0 || data[11] != 0 || data[12] != 0)
                    {
                        throw new InvalidDataException($"IHDR: depth {data[8]} colour {data[9]} compression {data[10]} filter {data[11]} interlace {data[12]} not supported");
                    }

                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
                case "tEXt":
                    var nul = data.IndexOf((byte)0);
                    text[Encoding.Latin1.GetString(data[..nul])] = Encoding.Latin1.GetString(data[(nul + 1)..]);
                    break;
            }

            offset += 12 + length;
        }

        if (types.Count < 3 || types[0] != "IHDR" || types[^1] != "IEND")
        {
            throw new InvalidDataException($"chunk order {string.Join(",", types)}: IHDR must come first and IEND last");
        }

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        return new DecodedPng(width, height, Unfilter(inflated.ToArray(), width, height), types, text);
    }

    private static byte[] Unfilter(byte[] filtered, int width, int height)
    {
        const int Bpp = 3;
        var stride = width * Bpp;
        if (filtered.Length != height * (stride + 1))
        {
            throw new InvalidDataException($"{filtered.Length} inflated bytes for {width}x{height} RGB (expected {height * (stride + 1)})");
        }

        var rgb = new byte[height * stride];
        for (var y = 0; y < height; y++)
        {
            var filter = filtered[y * (stride + 1)];
            for (var i = 0; i < stride; i++)
            {
                var x = filtered[(y * (stride + 1)) + 1 + i];
                var a = i >= Bpp ? rgb[(y * stride) + i - Bpp] : 0;
                var b = y > 0 ? rgb[((y - 1) * stride) + i] : 0;
                var c = i >= Bpp && y > 0 ? rgb[((y - 1) * stride) + i - Bpp] : 0;
                rgb[(y * stride) + i] = filter switch
                {
                    0 => x,
                    1 => (byte)(x + a),
                    2 => (byte)(x + b),
                    3 => (byte)(x + ((a + b) / 2)),
                    4 => (byte)(x + Paeth(a, b, c)),
                    _ => throw new InvalidDataException($"row {y}: filter type {filter}"),
                };
            }
        }

        return rgb;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
