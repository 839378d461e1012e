namespace TeleSante.Imaging.Internal;

/// <summary>RFC 1950 §8.2, with sums reduced every 5552 bytes (the most that cannot overflow 32 bits).</summary>
internal struct Adler32()
{
    private const uint Modulus = 65521;
    private uint _a = 1;
    private uint _b;

    public readonly uint Value => (_b << 16) | _a;

    public void Append(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var n = Math.Min(data.Length, 5552);
            foreach (var x in data[..n])
            {
                _a += x;
                _b += _a;
            }

            _a %= Modulus;
            _b %= Modulus;
            data = data[n..];
        }
    }
}
