namespace TeleSante.Imaging.Internal;

/// <summary>What the PNG's chunk walk found: the IHDR fields and where the image data (IDAT) lies.</summary>
/// <param name="Idat">Offset and length in the file of each IDAT chunk's data, in order.</param>
internal sealed record PngLayout(int Width, int Height, byte BitDepth, byte ColourType, byte Interlace, IReadOnlyList<(long Offset, int Length)> Idat)
{
    /// <summary>Samples per pixel of each colour type (ISO 15948 table 11.1).</summary>
    public int Channels => ColourType switch
    {
        0 => 1,
        2 => 3,
        3 => 1,
        4 => 2,
        _ => 4,
    };

    /// <summary>Bytes of one filtered scanline of <paramref name="width"/> pixels, filter byte excluded.</summary>
    public long RowBytes(long width) => ((width * Channels * BitDepth) + 7) / 8;
}
