namespace TeleSante.FirmwareSim.Devices.Fundus;

/// <summary>The file a capture is exported as (see <see cref="FundusCapture.Encode"/>).</summary>
public enum FundusFileFormat
{
    /// <summary>Lossless, metadata in a tEXt "Description" chunk.</summary>
    Png,

    /// <summary>Baseline JFIF at <see cref="JpegEncoder.DefaultQuality"/>, metadata in COM segments;
    /// what most fundus cameras export.</summary>
    Jpeg,
}
