namespace TeleSante.Imaging;

/// <summary>What the bytes say about themselves, read from the file's own headers.</summary>
public sealed record ImageInfo(ImageFormat Format, int Width, int Height)
{
    public string ContentType => Format == ImageFormat.Png ? "image/png" : "image/jpeg";
}
