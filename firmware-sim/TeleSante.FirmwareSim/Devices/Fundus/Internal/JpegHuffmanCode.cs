namespace TeleSante.FirmwareSim.Devices.Fundus.Internal;

/// <summary>
/// One Huffman table as the encoder needs it: the code and its length for each symbol, generated
/// from BITS and HUFFVAL as T.81 Annex C prescribes (Figures C.1 to C.3: sizes in order, codes
/// counting up, one left shift per length step).
/// </summary>
internal sealed class JpegHuffmanCode
{
    private readonly ushort[] _codes = new ushort[256];
    private readonly byte[] _lengths = new byte[256];

    public JpegHuffmanCode(ReadOnlySpan<byte> bits, ReadOnlySpan<byte> values)
    {
        if (bits.Length != 16)
        {
            throw new ArgumentException("BITS has one count per code length 1..16", nameof(bits));
        }

        Bits = bits.ToArray();
        Values = values.ToArray();
        var code = 0;
        var k = 0;
        for (var length = 1; length <= 16; length++)
        {
            for (var i = 0; i < bits[length - 1]; i++)
            {
                _codes[values[k]] = (ushort)code;
                _lengths[values[k]] = (byte)length;
                code++;
                k++;
            }

            code <<= 1;
        }

        if (k != values.Length)
        {
            throw new ArgumentException($"BITS counts {k} codes for {values.Length} values", nameof(values));
        }
    }

    /// <summary>As DHT carries them (T.81 B.2.4.2).</summary>
    public byte[] Bits { get; }

    public byte[] Values { get; }

    public void Write(JpegBitWriter writer, int symbol)
    {
        var length = _lengths[symbol];
        if (length == 0)
        {
            throw new InvalidOperationException($"symbol 0x{symbol:X2} has no code in this table");
        }

        writer.Write(_codes[symbol], length);
    }
}
