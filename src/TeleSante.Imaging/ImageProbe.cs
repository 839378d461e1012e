using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;

namespace TeleSante.Imaging;

/// <summary>
/// Identifies a PNG or JPEG from its own structure and checks it is whole, without decoding pixels:
/// PNG (RFC 2083 / ISO 15948): signature, IHDR first, every chunk's CRC, IEND last and nothing after.
/// JPEG (ITU T.81 / JFIF): SOI, a frame header (SOFn) before the first scan, EOI at the very end.
/// A transfer cut short or damaged is refused here rather than found by a specialist on opening it.
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
        var info = head.SequenceEqual(PngSignature) ? ProbePng(image)
            : head[0] == 0xFF && head[1] == 0xD8 ? ProbeJpeg(image)
            : throw new ImageRejectedException(ImageRejection.UnsupportedFormat, "neither PNG nor JPEG (unknown signature)");
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

    private static ImageInfo ProbePng(Stream image)
    {
        image.Position = 8;
        Span<byte> header = stackalloc byte[8];
        Span<byte> crc = stackalloc byte[4];
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int width = 0, height = 0;
            var first = true;
            while (true)
            {
                if (!ReadExactly(image, header))
                {
                    throw new ImageRejectedException(ImageRejection.Corrupt, $"PNG cut short at byte {image.Position}: no IEND chunk");
                }

                var length = BinaryPrimitives.ReadUInt32BigEndian(header);
                var type = header[4..8];
                if (length > int.MaxValue || image.Position + length + 4 > image.Length)
                {
                    throw new ImageRejectedException(ImageRejection.Corrupt, $"PNG chunk '{System.Text.Encoding.ASCII.GetString(type)}' at byte {image.Position - 8} runs past the end of the file");
                }

                var checksum = new Crc32();
                checksum.Append(type);
                for (var left = (int)length; left > 0;)
                {
                    var read = image.Read(buffer, 0, Math.Min(left, buffer.Length));
                    if (first && left == length && read >= 8)
                    {
                        width = BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(0, 4));
                        height = BinaryPrimitives.ReadInt32BigEndian(buffer.AsSpan(4, 4));
                    }

                    checksum.Append(buffer.AsSpan(0, read));
                    left -= read;
                }

                ReadExactly(image, crc);
                if (BinaryPrimitives.ReadUInt32BigEndian(crc) != checksum.GetCurrentHashAsUInt32())
                {
                    throw new ImageRejectedException(ImageRejection.Corrupt, $"PNG chunk '{System.Text.Encoding.ASCII.GetString(type)}' ending at byte {image.Position} fails its CRC");
                }

                if (first && !type.SequenceEqual("IHDR"u8))
                {
                    throw new ImageRejectedException(ImageRejection.Corrupt, "PNG does not start with an IHDR chunk");
                }

                first = false;
                if (type.SequenceEqual("IEND"u8))
                {
                    if (image.Position != image.Length)
                    {
                        throw new ImageRejectedException(ImageRejection.Corrupt, $"{image.Length - image.Position} bytes after the PNG's IEND chunk");
                    }

                    return new ImageInfo(ImageFormat.Png, width, height);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
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
