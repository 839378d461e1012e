namespace TeleSante.FirmwareSim.Devices.Fundus.Internal;

/// <summary>
/// Entropy-coded segment output, most significant bit first. Every 0xFF byte is followed by a
/// stuffed 0x00 so a decoder cannot take it for a marker (T.81 F.1.2.3), and the last byte is
/// padded with 1-bits, as T.81 asks before a marker: no Huffman code is all ones (C.2), so a
/// decoder cannot mistake the padding for a symbol.
/// </summary>
internal sealed class JpegBitWriter(Stream output)
{
    private uint _buffer;
    private int _count;

    /// <param name="bits">The low <paramref name="length"/> bits are written; length 0..16.</param>
    public void Write(int bits, int length)
    {
        _buffer = (_buffer << length) | ((uint)bits & ((1u << length) - 1));
        _count += length;
        while (_count >= 8)
        {
            _count -= 8;
            var b = (byte)(_buffer >> _count);
            output.WriteByte(b);
            if (b == 0xFF)
            {
                output.WriteByte(0x00);
            }
        }
    }

    /// <summary>Completes the last byte with 1-bits; call once, before the next marker.</summary>
    public void Flush()
    {
        if (_count > 0)
        {
            Write(0x7F, 8 - _count);
        }
    }
}
