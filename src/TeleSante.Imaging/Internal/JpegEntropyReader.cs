namespace TeleSante.Imaging.Internal;

/// <summary>
/// Reads a JPEG file from a position through a small buffer: whole bytes for marker segments, bits
/// for entropy-coded data with byte stuffing removed (0xFF 0x00 is a data 0xFF, T.81 F.1.2.3). A
/// marker met while bits are needed means the scan data ended early, which is refused, never padded
/// with zeros as lenient decoders do.
/// </summary>
internal sealed class JpegEntropyReader(Stream file, byte[] buffer)
{
    private int _start;
    private int _end;
    private long _bufferOffset = file.Position;
    private int _bits;
    private int _bitCount;

    /// <summary>Offset in the file of the next whole byte.</summary>
    public long Position => _bufferOffset + _start;

    public bool TryByte(out byte value)
    {
        if (_start == _end)
        {
            _bufferOffset += _end;
            _start = 0;
            _end = file.Read(buffer, 0, buffer.Length);
            if (_end == 0)
            {
                value = 0;
                return false;
            }
        }

        value = buffer[_start++];
        return true;
    }

    public byte Byte() => TryByte(out var value) ? value : throw Corrupt("JPEG ends inside a segment");

    public int UInt16() => (Byte() << 8) | Byte();

    public void Skip(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Byte();
        }
    }

    /// <summary>Next bit of entropy-coded data.</summary>
    public int Bit()
    {
        if (_bitCount == 0)
        {
            var value = Byte();
            if (value == 0xFF)
            {
                var next = Byte();
                if (next != 0x00)
                {
                    throw Corrupt($"JPEG scan data ends early: marker 0xFF{next:X2} at byte {Position - 2} while blocks remain to decode");
                }
            }

            _bits = value;
            _bitCount = 8;
        }

        _bitCount--;
        return (_bits >> _bitCount) & 1;
    }

    public int Bits(int count)
    {
        var value = 0;
        for (var i = 0; i < count; i++)
        {
            value = (value << 1) | Bit();
        }

        return value;
    }

    /// <summary>Drops the rest of the current byte (1-bit padding before a marker, T.81 F.1.2.3).</summary>
    public void Align() => _bitCount = 0;

    /// <summary>After the entropy-coded data: the next marker code (fill 0xFF bytes skipped); refuses data bytes before it.</summary>
    public byte Marker()
    {
        Align();
        var value = Byte();
        if (value != 0xFF)
        {
            throw Corrupt($"JPEG has scan data left after its last block (byte {Position - 1})");
        }

        byte code;
        do
        {
            code = Byte();
        }
        while (code == 0xFF);

        return code == 0x00 ? throw Corrupt($"JPEG has scan data left after its last block (byte {Position - 2})") : code;
    }

    /// <summary>The restart marker due after a restart interval (T.81 F.1.2.3, E.1.4).</summary>
    public void Restart(int number)
    {
        var code = Marker();
        if (code != 0xD0 + number)
        {
            throw Corrupt($"JPEG has marker 0xFF{code:X2} at byte {Position - 2} where restart marker RST{number} was due");
        }
    }

    /// <summary>Skips entropy-coded bytes (stuffing and restart markers included) up to the next other marker; returns it.</summary>
    public byte SkipEntropyData(ref int restarts)
    {
        Align();
        while (true)
        {
            if (Byte() != 0xFF)
            {
                continue;
            }

            byte code;
            do
            {
                code = Byte();
            }
            while (code == 0xFF);

            if (code == 0x00)
            {
                continue;
            }

            if (code is >= 0xD0 and <= 0xD7)
            {
                if (code - 0xD0 != restarts % 8)
                {
                    throw Corrupt($"JPEG restart marker RST{code - 0xD0} at byte {Position - 2} where RST{restarts % 8} was due");
                }

                restarts++;
                continue;
            }

            return code;
        }
    }

    public static ImageRejectedException Corrupt(string why) => new(ImageRejection.Corrupt, why);
}
