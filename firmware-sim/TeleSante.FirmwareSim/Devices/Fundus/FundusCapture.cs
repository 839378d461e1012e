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
}
