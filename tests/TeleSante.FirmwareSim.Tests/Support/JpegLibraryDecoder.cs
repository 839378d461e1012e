using System.Runtime.CompilerServices;
using JpegLibrary;

namespace TeleSante.FirmwareSim.Tests.Support;

/// <summary>
/// Decodes with JpegLibrary (yigolden/JpegLibrary, pure C#), which hands back Y, Cb, Cr samples
/// upsampled to full size; the JFIF conversion to RGB (ITU-T T.871) is done here, rounding and
/// clamping as libjpeg does.
/// </summary>
internal static class JpegLibraryDecoder
{
    public static DecodedJpeg Decode(byte[] jpeg)
    {
        var decoder = new JpegDecoder();
        decoder.SetInput(jpeg);
        decoder.Identify();
        if (decoder.NumberOfComponents != 3 || decoder.Precision != 8)
        {
            throw new InvalidDataException($"{decoder.NumberOfComponents} components of {decoder.Precision} bits; expected 3 of 8");
        }

        int width = decoder.Width, height = decoder.Height;
        var yCbCr = new byte[width * height * 3];
        decoder.SetOutputWriter(new InterleavedWriter(width, height, yCbCr));
        decoder.Decode();

        var rgb = new byte[yCbCr.Length];
        for (var i = 0; i < yCbCr.Length; i += 3)
        {
            double y = yCbCr[i], cb = yCbCr[i + 1] - 128, cr = yCbCr[i + 2] - 128;
            rgb[i] = Clamp(y + (1.402 * cr));
            rgb[i + 1] = Clamp(y - (0.344136 * cb) - (0.714136 * cr));
            rgb[i + 2] = Clamp(y + (1.772 * cb));
        }

        return new DecodedJpeg(width, height, rgb);
    }

    private static byte Clamp(double value) => (byte)Math.Clamp(Math.Round(value), 0, 255);

    /// <summary>Copies each 8x8 block of one component into an interleaved buffer, dropping the
    /// parts of edge blocks outside the image.</summary>
    private sealed class InterleavedWriter(int width, int height, byte[] output) : JpegBlockOutputWriter
    {
        public override void WriteBlock(ref short blockRef, int componentIndex, int x, int y)
        {
            for (var row = 0; row < 8 && y + row < height; row++)
            {
                for (var column = 0; column < 8 && x + column < width; column++)
                {
                    var sample = Unsafe.Add(ref blockRef, (row * 8) + column);
                    output[((((y + row) * width) + x + column) * 3) + componentIndex] = (byte)Math.Clamp((int)sample, 0, 255);
                }
            }
        }
    }
}
