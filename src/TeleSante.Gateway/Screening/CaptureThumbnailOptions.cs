using System.ComponentModel.DataAnnotations;

namespace TeleSante.Gateway.Screening;

/// <summary>The thumbnails of the operator's capture page (section <c>ScreeningThumbnails</c>).</summary>
public sealed class CaptureThumbnailOptions
{
    public const string Section = "ScreeningThumbnails";

    /// <summary>Longest side of a thumbnail, in pixels (a field card on the operator's page is about 300 CSS pixels wide).</summary>
    [Range(64, 1024)]
    public int LongSide { get; set; } = 320;

    /// <summary>JPEG quality of a thumbnail (0-100 scale of libjpeg).</summary>
    [Range(30, 95)]
    public int JpegQuality { get; set; } = 80;

    /// <summary>Thumbnails made at once (each decodes a whole photograph, 4 bytes a pixel at most).</summary>
    [Range(1, 16)]
    public int MaxConcurrent { get; set; } = 2;
}
