namespace TeleSante.FirmwareSim.Devices.Fundus;

/// <summary>An 8-bit sRGB image, pixels row by row, three bytes (R, G, B) each.</summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != checked(width * height * 3))
        {
            throw new ArgumentException($"{pixels.Length} bytes for a {width}x{height} RGB image (expected {width * height * 3})", nameof(pixels));
        }

        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>R, G, B bytes, row-major from the top-left.</summary>
    public byte[] Pixels { get; }

    public (byte R, byte G, byte B) this[int x, int y]
    {
        get
        {
            var i = ((y * Width) + x) * 3;
            return (Pixels[i], Pixels[i + 1], Pixels[i + 2]);
        }
    }

    /// <summary>Luma Y' of a pixel, 0..255 (ITU-R BT.601 weights on the gamma-encoded values).</summary>
    public double Luma(int x, int y)
    {
        var i = ((y * Width) + x) * 3;
        return (0.299 * Pixels[i]) + (0.587 * Pixels[i + 1]) + (0.114 * Pixels[i + 2]);
    }

    /// <summary>The image mirrored left to right.</summary>
    public RgbImage MirroredHorizontally()
    {
        var mirrored = new byte[Pixels.Length];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                var from = ((y * Width) + x) * 3;
                var to = ((y * Width) + (Width - 1 - x)) * 3;
                mirrored[to] = Pixels[from];
                mirrored[to + 1] = Pixels[from + 1];
                mirrored[to + 2] = Pixels[from + 2];
            }
        }

        return new RgbImage(Width, Height, mirrored);
    }
}
