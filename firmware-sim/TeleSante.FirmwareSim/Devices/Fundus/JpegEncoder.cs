using System.Buffers.Binary;
using System.Text;
using TeleSante.FirmwareSim.Devices.Fundus.Internal;

namespace TeleSante.FirmwareSim.Devices.Fundus;

/// <summary>
/// A minimal baseline JPEG writer (ITU-T T.81 / ISO/IEC 10918-1, sequential DCT, Huffman, 8-bit)
/// in a JFIF 1.01 file (ITU-T T.871): SOI, APP0 "JFIF", optional COM segments, DQT, SOF0, DHT, one
/// interleaved SOS, EOI. Colour is JFIF YCbCr (full-range BT.601) without chroma subsampling
/// (4:4:4): the small red lesions retinal screening looks for (microaneurysms, dot haemorrhages)
/// are a few pixels wide, and 4:2:0 would halve the resolution of the chroma that carries their
/// redness. Quantisation uses the Annex K tables scaled by quality as the IJG library scales them,
/// entropy coding the Annex K Huffman tables. Partial edge blocks are completed (T.81 A.2.4) by
/// repeating the last column and row, which adds no edge for the DCT to ring on.
/// </summary>
public static class JpegEncoder
{
    /// <summary>The default quality: about one 8-bit level of mean error on a simulated capture, a
    /// sixth of the PNG's size (figures in JpegEncoderTests).</summary>
    public const int DefaultQuality = 92;

    /// <summary>A segment's length field (16 bits) counts itself: 65,535 - 2 bytes of payload at most.</summary>
    private const int MaxCommentSegmentBytes = 65533;

    private const byte Soi = 0xD8, App0 = 0xE0, Com = 0xFE, Dqt = 0xDB, Sof0 = 0xC0, Dht = 0xC4, Sos = 0xDA, Eoi = 0xD9;

    private static readonly JpegHuffmanCode LuminanceDc = new(JpegTables.LuminanceDcBits, JpegTables.DcValues);
    private static readonly JpegHuffmanCode LuminanceAc = new(JpegTables.LuminanceAcBits, JpegTables.LuminanceAcValues);
    private static readonly JpegHuffmanCode ChrominanceDc = new(JpegTables.ChrominanceDcBits, JpegTables.DcValues);
    private static readonly JpegHuffmanCode ChrominanceAc = new(JpegTables.ChrominanceAcBits, JpegTables.ChrominanceAcValues);

    /// <param name="quality">1 (smallest) to 100 (all quantisers 1), IJG scale.</param>
    /// <param name="comment">Stored as UTF-8 in COM segments, split every 65,533 bytes (the most one
    /// segment holds); a reader concatenates them in order.</param>
    public static byte[] Encode(RgbImage image, int quality = DefaultQuality, string? comment = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        if (image.Width > ushort.MaxValue || image.Height > ushort.MaxValue)
        {
            throw new ArgumentException($"{image.Width}x{image.Height}: SOF0 holds 16-bit dimensions (65,535 at most)", nameof(image));
        }

        var luminanceTable = JpegTables.ScaledQuantisation(JpegTables.LuminanceQuantisation, quality);
        var chrominanceTable = JpegTables.ScaledQuantisation(JpegTables.ChrominanceQuantisation, quality);

        using var jpeg = new MemoryStream();
        WriteMarker(jpeg, Soi);
        WriteSegment(jpeg, App0, JfifHeader());
        if (!string.IsNullOrEmpty(comment))
        {
            var text = Encoding.UTF8.GetBytes(comment);
            for (var offset = 0; offset < text.Length; offset += MaxCommentSegmentBytes)
            {
                WriteSegment(jpeg, Com, text.AsSpan(offset, Math.Min(MaxCommentSegmentBytes, text.Length - offset)));
            }
        }

        WriteSegment(jpeg, Dqt, [0x00, .. luminanceTable, 0x01, .. chrominanceTable]);
        WriteSegment(jpeg, Sof0, FrameHeader(image.Width, image.Height));
        WriteSegment(jpeg, Dht, [.. HuffmanTable(0x00, LuminanceDc), .. HuffmanTable(0x10, LuminanceAc), .. HuffmanTable(0x01, ChrominanceDc), .. HuffmanTable(0x11, ChrominanceAc)]);

        // Ns = 3 components (ids 1, 2, 3), Y with tables 0/0, Cb and Cr with 1/1; Ss = 0, Se = 63, Ah = Al = 0 (B.2.3).
        WriteSegment(jpeg, Sos, [3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0]);
        EncodeScan(jpeg, image, [luminanceTable, chrominanceTable, chrominanceTable]);
        WriteMarker(jpeg, Eoi);
        return jpeg.ToArray();
    }

    private static void EncodeScan(Stream jpeg, RgbImage image, byte[][] quantisers)
    {
        var planes = ToLevelShiftedYCbCr(image);
        int width = image.Width, height = image.Height;
        var writer = new JpegBitWriter(jpeg);
        Span<int> predictors = stackalloc int[3];
        Span<double> block = stackalloc double[64];
        Span<int> zigZag = stackalloc int[64];
        for (var top = 0; top < height; top += 8)
        {
            for (var left = 0; left < width; left += 8)
            {
                // 4:4:4 interleaved: each MCU is one block of Y, then Cb, then Cr (A.2.3).
                for (var c = 0; c < 3; c++)
                {
                    var plane = planes[c];
                    for (var y = 0; y < 8; y++)
                    {
                        var row = Math.Min(top + y, height - 1) * width;
                        for (var x = 0; x < 8; x++)
                        {
                            block[(y * 8) + x] = plane[row + Math.Min(left + x, width - 1)];
                        }
                    }

                    ForwardDct.Transform(block);
                    var quantiser = quantisers[c];
                    for (var k = 0; k < 64; k++)
                    {
                        var q = (int)Math.Round(block[JpegTables.ZigZag[k]] / quantiser[k], MidpointRounding.AwayFromZero);

                        // With 8-bit samples AC coefficients stay within +-1023 (F.1.2.2, categories
                        // 1..10); the clamp only guards against rounding at quality 100.
                        zigZag[k] = k == 0 ? q : Math.Clamp(q, -1023, 1023);
                    }

                    var (dc, ac) = c == 0 ? (LuminanceDc, LuminanceAc) : (ChrominanceDc, ChrominanceAc);
                    EncodeBlock(writer, zigZag, ref predictors[c], dc, ac);
                }
            }
        }

        writer.Flush();
    }

    /// <summary>F.1.2.1 (DC difference: category, then its extra bits) and F.1.2.2 (AC: run/size
    /// symbols, ZRL for 16 zeros, EOB after the last non-zero coefficient).</summary>
    private static void EncodeBlock(JpegBitWriter writer, ReadOnlySpan<int> zigZag, ref int predictor, JpegHuffmanCode dc, JpegHuffmanCode ac)
    {
        var difference = zigZag[0] - predictor;
        predictor = zigZag[0];
        var category = Category(difference);
        dc.Write(writer, category);
        WriteAdditionalBits(writer, difference, category);

        var run = 0;
        for (var k = 1; k < 64; k++)
        {
            var value = zigZag[k];
            if (value == 0)
            {
                run++;
                continue;
            }

            for (; run > 15; run -= 16)
            {
                ac.Write(writer, 0xF0);
            }

            category = Category(value);
            ac.Write(writer, (run << 4) | category);
            WriteAdditionalBits(writer, value, category);
            run = 0;
        }

        if (run > 0)
        {
            ac.Write(writer, 0x00);
        }
    }

    /// <summary>SSSS of Tables F.1/F.2: the number of bits of |value|.</summary>
    private static int Category(int value) => value == 0 ? 0 : 32 - int.LeadingZeroCount(Math.Abs(value));

    /// <summary>A positive value as is, a negative one as value - 1 in <paramref name="category"/>
    /// bits, i.e. its ones' complement (F.1.2.1).</summary>
    private static void WriteAdditionalBits(JpegBitWriter writer, int value, int category)
    {
        if (category > 0)
        {
            writer.Write(value < 0 ? value - 1 : value, category);
        }
    }

    /// <summary>JFIF (T.871) colour: Y, Cb, Cr from R, G, B with the full-range BT.601 matrix, minus
    /// the level shift of 128 the DCT input takes (T.81 A.3.1).</summary>
    private static double[][] ToLevelShiftedYCbCr(RgbImage image)
    {
        var count = image.Width * image.Height;
        double[] y = new double[count], cb = new double[count], cr = new double[count];
        var pixels = image.Pixels;
        for (var i = 0; i < count; i++)
        {
            double r = pixels[i * 3], g = pixels[(i * 3) + 1], b = pixels[(i * 3) + 2];
            y[i] = (0.299 * r) + (0.587 * g) + (0.114 * b) - 128;
            cb[i] = (-0.168736 * r) - (0.331264 * g) + (0.5 * b);
            cr[i] = (0.5 * r) - (0.418688 * g) - (0.081312 * b);
        }

        return [y, cb, cr];
    }

    /// <summary>The JFIF APP0 segment (T.871): identifier "JFIF\0", version 1.01, aspect ratio 1:1 (units 0),
    /// no thumbnail.</summary>
    private static byte[] JfifHeader() => [(byte)'J', (byte)'F', (byte)'I', (byte)'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];

    /// <summary>B.2.2: precision 8, lines, samples per line, three components with sampling 1x1 and
    /// quantisation tables 0 (Y), 1 (Cb, Cr).</summary>
    private static byte[] FrameHeader(int width, int height)
    {
        var header = new byte[15];
        header[0] = 8;
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(1), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(3), (ushort)width);
        header[5] = 3;
        ReadOnlySpan<byte> components = [1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1];
        components.CopyTo(header.AsSpan(6));
        return header;
    }

    /// <summary>B.2.4.2: Tc/Th, then BITS, then HUFFVAL.</summary>
    private static byte[] HuffmanTable(byte classAndId, JpegHuffmanCode code) => [classAndId, .. code.Bits, .. code.Values];

    private static void WriteMarker(Stream jpeg, byte marker)
    {
        jpeg.WriteByte(0xFF);
        jpeg.WriteByte(marker);
    }

    private static void WriteSegment(Stream jpeg, byte marker, ReadOnlySpan<byte> payload)
    {
        WriteMarker(jpeg, marker);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(length, checked((ushort)(payload.Length + 2)));
        jpeg.Write(length);
        jpeg.Write(payload);
    }
}
