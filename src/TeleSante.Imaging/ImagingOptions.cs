using System.ComponentModel.DataAnnotations;

namespace TeleSante.Imaging;

/// <summary>Limits on still images sent by devices. Section <c>Imaging</c>.</summary>
public sealed class ImagingOptions
{
    public const string Section = "Imaging";

    /// <summary>Largest image accepted, in bytes. Default 20 MiB: a 24-megapixel fundus JPEG at high
    /// quality is 8-12 MiB; a lossless PNG of a 12-megapixel field fits.</summary>
    [Range(1024, 512L * 1024 * 1024)]
    public long MaxImageBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>Largest width × height accepted. Default 50 megapixels: beyond that no fundus camera,
    /// and a small file declaring more is a decompression bomb for whoever opens it.</summary>
    [Range(1, 1_000_000_000)]
    public long MaxPixels { get; set; } = 50_000_000;

    /// <summary>Folder of the image blobs and their catalogue, relative to Storage:DataDirectory
    /// unless absolute. Default "images".</summary>
    [Required]
    public string Directory { get; set; } = "images";
}
