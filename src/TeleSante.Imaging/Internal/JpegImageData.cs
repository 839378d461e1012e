using System.Buffers;

namespace TeleSante.Imaging.Internal;

/// <summary>
/// Entropy-decodes every scan of a JPEG whose frame header already passed the pixel limit, keeping
/// no pixel: for sequential Huffman frames (SOF0 baseline, SOF1 extended, what cameras write) each
/// block's DC and AC codes are decoded with the file's own tables (ITU T.81 F.2.2), every MCU the
/// frame promises must be there, restart markers must come in order after every restart interval,
/// and nothing but padding may follow the last block. Lenient decoders (libjpeg, and Skia over it)
/// answer "success" for a scan cut short or full of garbage and paint the rest grey; here that is
/// refused. Progressive, lossless and arithmetic-coded frames get a structural walk of their scans
/// (byte stuffing, restart marker order) without Huffman decoding. Memory: the Huffman tables and
/// one read buffer, whatever the size of the image.
/// </summary>
internal static class JpegImageData
{
    private const int ReadBufferBytes = 64 * 1024;

    /// <exception cref="ImageRejectedException">Corrupt, with what is wrong and where.</exception>
    public static void Check(Stream file, ImageInfo header)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferBytes);
        try
        {
            file.Position = 2;
            Walk(new JpegEntropyReader(file, buffer));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static void Walk(JpegEntropyReader reader)
    {
        var dc = new JpegHuffmanTable?[4];
        var ac = new JpegHuffmanTable?[4];
        JpegFrame? frame = null;
        var restartInterval = 0;
        var scans = 0;
        var marker = NextMarker(reader);
        while (true)
        {
            switch (marker)
            {
                case 0xD9:
                    if (scans == 0)
                    {
                        throw Corrupt("it has no scan");
                    }

                    return;
                case 0x01 or (>= 0xD0 and <= 0xD7):
                    break; // no length (T.81 B.1.1.3)
                case 0xD8:
                    throw Corrupt($"a second SOI marker at byte {reader.Position - 2}");
                case 0xC4:
                    ReadHuffmanTables(reader, dc, ac);
                    break;
                case 0xDD:
                    if (reader.UInt16() != 4)
                    {
                        throw Corrupt("its DRI segment is not 4 bytes long");
                    }

                    restartInterval = reader.UInt16();
                    break;
                case >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC:
                    frame = frame is null ? ReadFrame(reader, marker) : throw Corrupt("it has a second frame header");
                    break;
                case 0xDA:
                    scans++;
                    marker = frame is null
                        ? throw Corrupt("a scan comes before the frame header")
                        : Scan(reader, frame, dc, ac, restartInterval);
                    continue;
                default:
                    reader.Skip(Length(reader) - 2);
                    break;
            }

            marker = NextMarker(reader);
        }
    }

    private static byte NextMarker(JpegEntropyReader reader)
    {
        var at = reader.Position;
        if (reader.Byte() != 0xFF)
        {
            throw Corrupt($"marker expected at byte {at}");
        }

        byte code;
        do
        {
            code = reader.Byte();
        }
        while (code == 0xFF);

        return code;
    }

    private static int Length(JpegEntropyReader reader)
    {
        var length = reader.UInt16();
        return length >= 2 ? length : throw Corrupt($"segment length {length} at byte {reader.Position - 2}");
    }

    private static void ReadHuffmanTables(JpegEntropyReader reader, JpegHuffmanTable?[] dc, JpegHuffmanTable?[] ac)
    {
        var left = Length(reader) - 2;
        Span<byte> counts = stackalloc byte[16];
        while (left > 0)
        {
            var classAndId = reader.Byte();
            var (tableClass, id) = (classAndId >> 4, classAndId & 0x0F);
            if (tableClass > 1 || id > 3 || left < 17)
            {
                throw Corrupt($"DHT table class {tableClass} id {id} is not valid");
            }

            var total = 0;
            for (var i = 0; i < 16; i++)
            {
                counts[i] = reader.Byte();
                total += counts[i];
            }

            left -= 17 + total;
            if (total > 256 || left < 0)
            {
                throw Corrupt("a DHT table runs past its segment");
            }

            var values = new byte[total];
            for (var i = 0; i < total; i++)
            {
                values[i] = reader.Byte();
            }

            (tableClass == 0 ? dc : ac)[id] = new JpegHuffmanTable(counts, values);
        }
    }

    private static JpegFrame ReadFrame(JpegEntropyReader reader, byte marker)
    {
        var length = Length(reader);
        var precision = reader.Byte();
        var height = reader.UInt16();
        var width = reader.UInt16();
        var count = reader.Byte();
        if (count == 0 || length != 8 + (3 * count))
        {
            throw Corrupt($"its frame header of {length} bytes does not hold {count} components");
        }

        var components = new JpegComponent[count];
        for (var i = 0; i < count; i++)
        {
            var id = reader.Byte();
            var sampling = reader.Byte();
            reader.Byte();
            var (h, v) = (sampling >> 4, sampling & 0x0F);
            components[i] = h is >= 1 and <= 4 && v is >= 1 and <= 4 ? new JpegComponent(id, h, v) : throw Corrupt($"component {id} has sampling factors {h}x{v}");
        }

        // Sequential Huffman frames are decoded block by block; the others are walked (see the class comment).
        var decoded = marker is 0xC0 or 0xC1 && precision is 8 or 12;
        return new JpegFrame(width, height, precision, components, decoded);
    }

    /// <summary>Reads an SOS header and its entropy-coded data; returns the marker after it.</summary>
    private static byte Scan(JpegEntropyReader reader, JpegFrame frame, JpegHuffmanTable?[] dc, JpegHuffmanTable?[] ac, int restartInterval)
    {
        var length = Length(reader);
        var count = reader.Byte();
        if (count is 0 or > 4 || length != 6 + (2 * count))
        {
            throw Corrupt($"its scan header of {length} bytes does not hold {count} components");
        }

        var members = new (JpegComponent Component, JpegHuffmanTable Dc, JpegHuffmanTable Ac)[count];
        for (var i = 0; i < count; i++)
        {
            var id = reader.Byte();
            var tables = reader.Byte();
            var (dcId, acId) = (tables >> 4, tables & 0x0F);
            if (dcId > 3 || acId > 3)
            {
                throw Corrupt($"component {id} names Huffman tables {dcId}/{acId} (0-3 allowed)");
            }

            var component = Array.Find(frame.Components, c => c.Id == id) ?? throw Corrupt($"its scan names component {id}, which the frame does not have");
            members[i] = frame.Decoded
                ? (component, dc[dcId] ?? throw Corrupt($"component {id} uses DC Huffman table {dcId}, which is not defined"), ac[acId] ?? throw Corrupt($"component {id} uses AC Huffman table {acId}, which is not defined"))
                : (component, null!, null!);
        }

        reader.Skip(3); // Ss, Se, Ah/Al: 0, 63, 0 in sequential frames
        if (!frame.Decoded)
        {
            var restarts = 0;
            return reader.SkipEntropyData(ref restarts);
        }

        // MCUs (T.81 A.2): one block per MCU in a single-component scan, Hi×Vi blocks of each component otherwise.
        var hMax = frame.Components.Max(c => c.H);
        var vMax = frame.Components.Max(c => c.V);
        long mcus;
        if (count == 1)
        {
            var c = members[0].Component;
            var componentWidth = ((long)frame.Width * c.H + hMax - 1) / hMax;
            var componentHeight = ((long)frame.Height * c.V + vMax - 1) / vMax;
            mcus = ((componentWidth + 7) / 8) * ((componentHeight + 7) / 8);
            members[0].Component = c with { H = 1, V = 1 };
        }
        else
        {
            mcus = ((frame.Width + (8L * hMax) - 1) / (8L * hMax)) * ((frame.Height + (8L * vMax) - 1) / (8L * vMax));
            if (members.Sum(m => m.Component.H * m.Component.V) > 10)
            {
                throw Corrupt("an MCU of its scan has more than 10 blocks");
            }
        }

        for (long mcu = 0; mcu < mcus; mcu++)
        {
            if (restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0)
            {
                reader.Restart((int)((mcu / restartInterval) - 1) % 8);
            }

            foreach (var (component, dcTable, acTable) in members)
            {
                for (var block = component.H * component.V; block > 0; block--)
                {
                    Block(reader, dcTable, acTable, frame.Precision, mcu, mcus);
                }
            }
        }

        return reader.Marker();
    }

    /// <summary>One 8×8 block's codes (T.81 F.2.2.1, F.2.2.2): a DC difference, then AC run/size pairs up to 63 coefficients.</summary>
    private static void Block(JpegEntropyReader reader, JpegHuffmanTable dc, JpegHuffmanTable ac, int precision, long mcu, long mcus)
    {
        var size = dc.Decode(reader);
        if (size < 0 || size > precision + 3)
        {
            throw Corrupt($"bad DC code in MCU {mcu} of {mcus} (near byte {reader.Position})");
        }

        reader.Bits(size);
        for (var k = 1; k < 64;)
        {
            var symbol = ac.Decode(reader);
            if (symbol < 0)
            {
                throw Corrupt($"bad AC code in MCU {mcu} of {mcus} (near byte {reader.Position})");
            }

            var (run, bits) = (symbol >> 4, symbol & 0x0F);
            if (bits == 0)
            {
                if (run != 15)
                {
                    return; // end of block
                }

                k += 16;
                continue;
            }

            k += run;
            if (k > 63 || bits > precision + 2)
            {
                throw Corrupt($"a block of MCU {mcu} of {mcus} has more than 64 coefficients (near byte {reader.Position})");
            }

            reader.Bits(bits);
            k++;
        }
    }

    private static ImageRejectedException Corrupt(string why) => new(ImageRejection.Corrupt, "JPEG does not decode: " + why);
}
