namespace TeleSante.Signal.Tests.Support;

/// <summary>
/// A tiny writer for signal(5) formats, written from the man page independently of the reader,
/// so a round trip checks the decoder against a second reading of the spec.
/// </summary>
internal static class TestSampleEncoder
{
    /// <summary>Encodes samples in file order (frames already interleaved).</summary>
    public static byte[] Encode(int format, IReadOnlyList<int> samples)
    {
        var bytes = new List<byte>();
        switch (format)
        {
            case 212:
                for (var i = 0; i < samples.Count; i += 2)
                {
                    var a = samples[i] & 0xFFF;
                    bytes.Add((byte)(a & 0xFF));
                    if (i + 1 < samples.Count)
                    {
                        var b = samples[i + 1] & 0xFFF;
                        bytes.Add((byte)((a >> 8) | ((b >> 8) << 4)));
                        bytes.Add((byte)(b & 0xFF));
                    }
                    else
                    {
                        bytes.Add((byte)(a >> 8));
                    }
                }

                break;
            case 16:
                foreach (var s in samples)
                {
                    bytes.Add((byte)(s & 0xFF));
                    bytes.Add((byte)((s >> 8) & 0xFF));
                }

                break;
            case 61:
                foreach (var s in samples)
                {
                    bytes.Add((byte)((s >> 8) & 0xFF));
                    bytes.Add((byte)(s & 0xFF));
                }

                break;
            case 80:
                foreach (var s in samples)
                {
                    bytes.Add((byte)(s + 128));
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(format));
        }

        return [.. bytes];
    }

    /// <summary>Smallest and largest sample each format can hold.</summary>
    public static (int Min, int Max) Range(int format) => format switch
    {
        212 => (-2048, 2047),
        80 => (-128, 127),
        _ => (short.MinValue, short.MaxValue),
    };

    /// <summary>header(5) checksum: the sum of the samples, kept to 16 bits two's complement.</summary>
    public static short Checksum(IEnumerable<int> samples)
    {
        var sum = 0;
        foreach (var s in samples)
        {
            sum = (sum + s) & 0xFFFF;
        }

        return (short)(ushort)sum;
    }
}
