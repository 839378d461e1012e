using System.Buffers;
using System.Buffers.Text;

namespace TeleSante.Storage.Influx.Schema;

/// <summary>
/// Packs a channel's samples into one InfluxDB string field: version byte 1, then each sample as the
/// zigzag varint of its difference from the previous one (protobuf's sint encoding), base64.
/// ECG differences are small, so most samples take one or two bytes; decoding gives back the exact
/// integers (bit-identical), which a float field per sample could not promise for every gain.
/// </summary>
public static class SampleCodec
{
    private const byte Version = 1;

    /// <summary>Worst case: 5 varint bytes per sample (a 33-bit zigzag difference) plus the version byte.</summary>
    public static int MaxEncodedBytes(int sampleCount) => 1 + (5 * sampleCount);

    public static string Encode(IReadOnlyList<int> samples)
    {
        var raw = ArrayPool<byte>.Shared.Rent(MaxEncodedBytes(samples.Count));
        try
        {
            var length = EncodeRaw(samples, raw);
            return Convert.ToBase64String(raw, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
        }
    }

    public static int[] Decode(string encoded)
    {
        var raw = ArrayPool<byte>.Shared.Rent(Base64.GetMaxDecodedFromUtf8Length(encoded.Length));
        try
        {
            if (!Convert.TryFromBase64String(encoded, raw, out var length))
            {
                throw new FormatException("sample field is not valid base64");
            }

            return DecodeRaw(raw.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(raw);
        }
    }

    internal static int EncodeRaw(IReadOnlyList<int> samples, Span<byte> destination)
    {
        destination[0] = Version;
        var position = 1;
        long previous = 0;
        for (var i = 0; i < samples.Count; i++)
        {
            long current = samples[i];
            var delta = current - previous;
            previous = current;
            var zigzag = (ulong)((delta << 1) ^ (delta >> 63));
            while (zigzag >= 0x80)
            {
                destination[position++] = (byte)(zigzag | 0x80);
                zigzag >>= 7;
            }

            destination[position++] = (byte)zigzag;
        }

        return position;
    }

    internal static int[] DecodeRaw(ReadOnlySpan<byte> raw)
    {
        if (raw.IsEmpty || raw[0] != Version)
        {
            throw new FormatException($"unknown sample encoding version {(raw.IsEmpty ? -1 : raw[0])}");
        }

        var result = new List<int>(raw.Length);
        long previous = 0;
        var position = 1;
        while (position < raw.Length)
        {
            ulong zigzag = 0;
            var shift = 0;
            byte b;
            do
            {
                if (position >= raw.Length || shift > 35)
                {
                    throw new FormatException("truncated or overlong varint in sample field");
                }

                b = raw[position++];
                zigzag |= (ulong)(b & 0x7F) << shift;
                shift += 7;
            }
            while ((b & 0x80) != 0);

            var delta = (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
            previous += delta;
            result.Add(checked((int)previous));
        }

        return [.. result];
    }
}
