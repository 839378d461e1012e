using System.Buffers.Binary;

namespace TeleSante.Signal.Wfdb.Internal;

/// <summary>Decoders for the signal(5) storage formats, from bytes to raw ADC values (no scaling).</summary>
internal static class SampleDecoder
{
    /// <summary>
    /// Decodes <paramref name="destination"/>.Length samples; <paramref name="source"/> must hold
    /// exactly <see cref="SignalFormats.BytesFor"/> bytes for that count.
    /// </summary>
    public static void Decode(int format, ReadOnlySpan<byte> source, Span<int> destination)
    {
        switch (format)
        {
            case 212:
                Decode212(source, destination);
                break;
            case 16:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadInt16LittleEndian(source[(2 * i)..]);
                }

                break;
            case 61:
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = BinaryPrimitives.ReadInt16BigEndian(source[(2 * i)..]);
                }

                break;
            case 80:
                // signal(5): 8-bit offset binary, 128 stands for 0.
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = source[i] - 128;
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format), format, "unsupported format");
        }
    }

    /// <summary>
    /// signal(5) format 212: each pair of 12-bit two's-complement samples fills three bytes. The
    /// first sample is the low 12 bits of the little-endian word in bytes 0-1; the second takes
    /// its 4 high bits from the high nibble of byte 1 and its 8 low bits from byte 2.
    /// </summary>
    private static void Decode212(ReadOnlySpan<byte> source, Span<int> destination)
    {
        var pairs = destination.Length / 2;
        for (var p = 0; p < pairs; p++)
        {
            int b0 = source[3 * p], b1 = source[3 * p + 1], b2 = source[3 * p + 2];
            destination[2 * p] = SignExtend12(b0 | ((b1 & 0x0F) << 8));
            destination[2 * p + 1] = SignExtend12(((b1 & 0xF0) << 4) | b2);
        }

        if ((destination.Length & 1) != 0)
        {
            // A lone last sample occupies only the first two bytes of its triplet.
            destination[^1] = SignExtend12(source[3 * pairs] | ((source[3 * pairs + 1] & 0x0F) << 8));
        }
    }

    private static int SignExtend12(int value) => (value << 20) >> 20;
}
