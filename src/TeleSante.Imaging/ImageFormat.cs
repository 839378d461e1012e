namespace TeleSante.Imaging;

/// <summary>Image encodings accepted from devices (what fundus cameras export outside DICOM).</summary>
public enum ImageFormat
{
    Png,
    Jpeg,
}
