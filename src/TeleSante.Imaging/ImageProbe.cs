using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using TeleSante.Imaging.Internal;

namespace TeleSante.Imaging;

/// <summary>
/// Identifies a PNG or JPEG from its own structure, checks it is whole, then that it decodes:
/// PNG (RFC 2083 / ISO 15948): signature, IHDR first, every chunk's CRC, chunk order, IEND last and
/// nothing after, then the image data inflated and checked against the header (PngImageData).
/// JPEG (ITU T.81 / JFIF): SOI, a frame header (SOFn) before the first scan, EOI at the very end,
/// then every scan entropy-decoded (JpegImageData). The pixel limit is checked on the header's
/// dimensions before any decoding. A transfer cut short or damaged, or a file no viewer could open,
/// is refused here rather than found by a specialist on opening it.
/// </summary>
public static class ImageProbe
{
    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Reads <paramref name="image"/> (seekable, positioned anywhere) and returns what it is.</summary>
    /// <exception cref="ImageRejectedException">Not PNG/JPEG, truncated, corrupt, or over <paramref name="maxPixels"/>.</exception>
    public static ImageInfo Probe(Stream image, long maxPixels)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Length < 4)
        {
            throw new ImageRejectedException(ImageRejection.Corrupt, $"the image is {image.Length} bytes long");
        }

        Span<byte> head = stackalloc byte[8];
        image.Position = 0;
        image.ReadAtLeast(head, Math.Min(8, (int)image.Length), throwOnEndOfStream: false);
        image.Position = 0;
        if (head.SequenceEqual(PngSignature))
        {
            var png = ProbePng(image);
            var info = Bounded(new ImageInfo(ImageFormat.Png, png.Width, png.Height), maxPixels);
            PngImageData.Check(image, png);
            return info;
        }

        if (head[0] == 0xFF && head[1] == 0xD8)
        {
            var info = Bounded(ProbeJpeg(image), maxPixels);
            JpegImageData.Check(image, info);
            return info;
        }

        throw new ImageRejectedException(ImageRejection.UnsupportedFormat, "neither PNG nor JPEG (unknown signature)");
    }

    /// <summary>The header's dimensions are sane and within the pixel limit: checked before any decoding.</summary>
    private static ImageInfo Bounded(ImageInfo info, long maxPixels)
    {
        if (info.Width <= 0 || info.Height <= 0)
        {
            throw new ImageRejectedException(ImageRejection.Corrupt, $"{info.Format} declares {info.Width}x{info.Height} pixels");
        }

        if ((long)info.Width * info.Height > maxPixels)
        {
            throw new ImageRejectedException(ImageRejection.TooLarge, $"{info.Width}x{info.Height} pixels is more than the {maxPixels} allowed (Imaging:MaxPixels)");
        }

        return info;
    }

    private static PngLayout ProbePng(Stream image)
    {
        image.Position = 8;
        Span<byte> header = stackalloc byte[8];
        Span<byte> crc = stackalloc byte[4];
        Span<byte> ihdr = stackalloc byte[13];
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var idat = new List<(long Offset, int Length)>();
            var first = true;
            var idatEnded = false;
            var paletteEntries = -1;
            while (true)
            {
                if (!ReadExactly(image, header))
                {
                    throw new ImageRejectedException(ImageRejection.Corrupt, $"PNG cut short at byte {image.Position}: no IEND chunk");
                }

                var length = BinaryPrimitives.ReadUInt32BigEndian(header);
                var type = header[4..8];
                var name = System.Text.Encoding.ASCII.GetString(type);
                if (length > int.MaxValue || image.Position + length + 4 > image.Length)
                {
                    throw new ImageRejectedException(ImageRejection.Corrupt, $"PNG chunk '{name}' at byte {image.Position - 8} runs past the end of the file");
                }

                var dataOffset = image.Position;
                var checksum = new Crc32();
                checksum.Append(type);
                for (var left = (int)length; left > 0;)
                {
                    var read = image.ReadAtLeast(buffer.AsSpan(0, Math.Min(left, buffer.Length)), Math.Min(left, buffer.Length), throwOnEndOfStream: false);
                    if (left == length && type.SequenceEqual("IHDR"u8) && length == ihdr.Length)
                    {
                        buffer.AsSpan(0, ihdr.Length).CopyTo(ihdr);
                    }

                    checksum.Append(buffer.AsSpan(0, read));
                    left -= read;
                }

                ReadExactly(image, crc);
                if (BinaryPrimitives.ReadUInt32BigEndian(crc) != checksum.GetCurrentHashAsUInt32())
                {
                    throw new ImageRejectedException(ImageRejection.Corrupt, $"PNG chunk '{name}' ending at byte {image.Position} fails its CRC");
                }

                if (first != type.SequenceEqual("IHDR"u8))
                {
                    throw new ImageRejectedException(ImageRejection.Corrupt, first ? "PNG does not start with an IHDR chunk" : "PNG has a second IHDR chunk");
                }

                first = false;

                if (idat.Count > 0 && !type.SequenceEqual("IDAT"u8))
                {
                    idatEnded = true;
                }

                // Chunk ordering and presence rules a decoder enforces (ISO 15948 §5.6, table 5.3).
                if (type.SequenceEqual("IHDR"u8))
                {
                    if (length != ihdr.Length)
                    {
                        throw new ImageRejectedException(ImageRejection.Corrupt, $"PNG IHDR chunk is {length} bytes long, not 13");
                    }

                    CheckHeader(ihdr);
                }
                else if (type.SequenceEqual("PLTE"u8))
                {
                    if (paletteEntries >= 0 || idat.Count > 0)
                    {
                        throw new ImageRejectedException(ImageRejection.Corrupt, "PNG PLTE chunk repeated or after the image data");
                    }

                    if (length == 0 || length > 768 || length % 3 != 0)
                    {
                        throw new ImageRejectedException(ImageRejection.Corrupt, $"PNG PLTE chunk of {length} bytes is not 1-256 RGB entries");
                    }

                    paletteEntries = (int)length / 3;
                }
                else if (type.SequenceEqual("IDAT"u8))
                {
                    if (idatEnded)
                    {
                        throw new ImageRejectedException(ImageRejection.Corrupt, "PNG IDAT chunks are not consecutive");
                    }

                    idat.Add((dataOffset, (int)length));
                }
                else if (type.SequenceEqual("IEND"u8))
                {
                    if (image.Position != image.Length)
                    {
                        throw new ImageRejectedException(ImageRejection.Corrupt, $"{image.Length - image.Position} bytes after the PNG's IEND chunk");
                    }

                    var png = new PngLayout(
                        BinaryPrimitives.ReadInt32BigEndian(ihdr), BinaryPrimitives.ReadInt32BigEndian(ihdr[4..]), ihdr[8], ihdr[9], ihdr[12], idat);
                    CheckPalette(png, paletteEntries);
                    return idat.Count == 0
                        ? throw new ImageRejectedException(ImageRejection.Corrupt, "PNG has no image data (no IDAT chunk)")
                        : png;
                }
                else if (!IsChunkType(type) || (type[0] & 0x20) == 0)
                {
                    // Bit 5 of the first letter clear: critical, and a decoder must refuse one it does not know (§5.4).
                    throw new ImageRejectedException(ImageRejection.Corrupt, $"PNG has an unknown critical chunk '{name}'");
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>IHDR fields (ISO 15948 §11.2.2): allowed bit depth per colour type, method bytes 0, interlace 0 or 1.</summary>
    private static void CheckHeader(ReadOnlySpan<byte> ihdr)
    {
        var (depth, colour) = (ihdr[8], ihdr[9]);
        var allowed = colour switch
        {
            0 => depth is 1 or 2 or 4 or 8 or 16,
            2 or 4 or 6 => depth is 8 or 16,
            3 => depth is 1 or 2 or 4 or 8,
            _ => false,
        };
        if (!allowed)
        {
            throw new ImageRejectedException(ImageRejection.Corrupt, $"PNG colour type {colour} with bit depth {depth} is not a valid combination");
        }

        if (ihdr[10] != 0 || ihdr[11] != 0 || ihdr[12] > 1)
        {
            throw new ImageRejectedException(ImageRejection.Corrupt, $"PNG compression method {ihdr[10]}, filter method {ihdr[11]} or interlace method {ihdr[12]} is unknown");
        }
    }

    private static void CheckPalette(PngLayout png, int paletteEntries)
    {
        if (png.ColourType == 3 && paletteEntries < 0)
        {
            throw new ImageRejectedException(ImageRejection.Corrupt, "PNG palette image without a PLTE chunk");
        }

        if (png.ColourType == 3 && paletteEntries > 1 << png.BitDepth)
        {
            throw new ImageRejectedException(ImageRejection.Corrupt, $"PNG palette of {paletteEntries} entries for a bit depth of {png.BitDepth}");
        }

        if (png.ColourType is 0 or 4 && paletteEntries >= 0)
        {
            throw new ImageRejectedException(ImageRejection.Corrupt, $"PNG greyscale image (colour type {png.ColourType}) with a PLTE chunk");
        }
    }

    private static bool IsChunkType(ReadOnlySpan<byte> type)
    {
        foreach (var c in type)
        {
            if (!char.IsAsciiLetter((char)c))
            {
                return false;
            }
        }

        return true;
    }

    private static ImageInfo ProbeJpeg(Stream image)
    {
        image.Position = image.Length - 2;
        Span<byte> two = stackalloc byte[2];
        ReadExactly(image, two);
        if (two[0] != 0xFF || two[1] != 0xD9)
        {
            throw new ImageRejectedException(ImageRejection.Corrupt, "JPEG cut short: it does not end with the EOI marker");
        }

        // Walk marker segments from SOI until the first scan; the frame header must come before it.
        image.Position = 2;
        Span<byte> segment = stackalloc byte[4];
        Span<byte> frame = stackalloc byte[5];
        while (true)
        {
            if (!ReadExactly(image, two))
            {
                throw new ImageRejectedException(ImageRejection.Corrupt, "JPEG ends before its first scan");
            }

            if (two[0] != 0xFF)
            {
                throw new ImageRejectedException(ImageRejection.Corrupt, $"JPEG marker expected at byte {image.Position - 2}");
            }

            var marker = two[1];
            if (marker == 0xFF)
            {
                // Fill bytes before a marker are allowed (T.81 B.1.1.2).
                image.Position -= 1;
                continue;
            }

            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                continue;
            }

            two.CopyTo(segment);
            if (!ReadExactly(image, segment[2..]))
            {
                throw new ImageRejectedException(ImageRejection.Corrupt, "JPEG segment header cut short");
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(segment[2..]);
            if (length < 2 || image.Position + length - 2 > image.Length)
            {
                throw new ImageRejectedException(ImageRejection.Corrupt, $"JPEG segment 0xFF{marker:X2} at byte {image.Position - 4} runs past the end of the file");
            }

            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (length < 7 || !ReadExactly(image, frame))
                {
                    throw new ImageRejectedException(ImageRejection.Corrupt, "JPEG frame header too short");
                }

                return new ImageInfo(ImageFormat.Jpeg, BinaryPrimitives.ReadUInt16BigEndian(frame[3..]), BinaryPrimitives.ReadUInt16BigEndian(frame[1..]));
            }

            if (marker == 0xDA)
            {
                throw new ImageRejectedException(ImageRejection.Corrupt, "JPEG scan before any frame header (SOFn)");
            }

            image.Position += length - 2;
        }
    }

    private static bool ReadExactly(Stream stream, Span<byte> into) => stream.ReadAtLeast(into, into.Length, throwOnEndOfStream: false) == into.Length;
}
