namespace TeleSante.FirmwareSim.Tests.Support;

/// <summary>A JPEG decoded by a decoder nobody here wrote, as 8-bit R, G, B row-major.</summary>
internal sealed record DecodedJpeg(int Width, int Height, byte[] Rgb)
{
    /// <summary>Mean absolute difference from <paramref name="expected"/>, per channel (R, G, B), in 8-bit levels.</summary>
    public double[] MeanAbsoluteError(byte[] expected)
    {
        if (expected.Length != Rgb.Length)
        {
            throw new ArgumentException($"{expected.Length} bytes to compare with {Rgb.Length}");
        }

        var sums = new double[3];
        for (var i = 0; i < Rgb.Length; i++)
        {
            sums[i % 3] += Math.Abs(Rgb[i] - expected[i]);
        }

        return sums.Select(s => s / (Rgb.Length / 3)).ToArray();
    }
}
