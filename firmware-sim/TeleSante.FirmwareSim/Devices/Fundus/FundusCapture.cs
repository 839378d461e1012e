namespace TeleSante.FirmwareSim.Devices.Fundus;

/// <summary>One photograph: its pixels and its metadata.</summary>
public sealed record FundusCapture(FundusCaptureMetadata Metadata, RgbImage Image)
{
    /// <summary>
    /// The image as PNG, with the metadata JSON in a tEXt "Description" chunk so the two cannot be
    /// separated on the way.
    /// </summary>
    public byte[] EncodePng() => PngEncoder.Encode(Image, new Dictionary<string, string>
    {
        ["Software"] = "telesante-sim",
        ["Description"] = Metadata.ToJson(),
    });

    /// <summary>
    /// The image as baseline JFIF JPEG, with the metadata JSON in COM segments (read it back with
    /// <see cref="FundusCaptureMetadata.FromJpeg"/>).
    /// </summary>
    /// <param name="quality">1..100, IJG scale.</param>
    public byte[] EncodeJpeg(int quality = JpegEncoder.DefaultQuality) => JpegEncoder.Encode(Image, quality, Metadata.ToJson());

    /// <summary>The capture as a file of <paramref name="format"/>, with its media type.</summary>
    public FundusImageFile Encode(FundusFileFormat format) => format switch
    {
        FundusFileFormat.Png => new FundusImageFile(EncodePng(), "image/png"),
        FundusFileFormat.Jpeg => new FundusImageFile(EncodeJpeg(), "image/jpeg"),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown file format"),
    };
}
