namespace TeleSante.Imaging.Internal;

/// <summary>One Huffman table of a DHT segment, decoded the way ITU T.81 F.2.2.3 describes
/// (MAXCODE, VALPTR, MINCODE per code length).</summary>
internal sealed class JpegHuffmanTable
{
    private readonly int[] _maxCode = new int[18];
    private readonly int[] _valPtr = new int[17];
    private readonly int[] _minCode = new int[17];
    private readonly byte[] _values;

    /// <param name="counts">BITS: how many codes of each length 1..16.</param>
    /// <param name="values">HUFFVAL, in code order.</param>
    /// <exception cref="ImageRejectedException">The counts do not form a prefix code (T.81 C.2).</exception>
    public JpegHuffmanTable(ReadOnlySpan<byte> counts, byte[] values)
    {
        _values = values;
        int code = 0, k = 0;
        for (var length = 1; length <= 16; length++)
        {
            var n = counts[length - 1];
            _valPtr[length] = k;
            _minCode[length] = code;
            code += n;
            k += n;
            if (code > 1 << length)
            {
                throw new ImageRejectedException(ImageRejection.Corrupt, "JPEG Huffman table has more codes than its lengths allow");
            }

            _maxCode[length] = n == 0 ? -1 : code - 1;
            code <<= 1;
        }

        _maxCode[17] = int.MaxValue;
    }

    /// <summary>Decodes one symbol; -1 when no code of 16 bits or fewer matches.</summary>
    public int Decode(JpegEntropyReader bits)
    {
        var code = 0;
        for (var length = 1; length <= 16; length++)
        {
            code = (code << 1) | bits.Bit();
            if (code <= _maxCode[length])
            {
                return _values[_valPtr[length] + code - _minCode[length]];
            }
        }

        return -1;
    }
}
