namespace TeleSante.Imaging;

/// <summary>Why an image was refused; sent back to the device as the problem's "reason".</summary>
public enum ImageRejection
{
    /// <summary>Identity or capture metadata missing or badly formed.</summary>
    BadMetadata,

    /// <summary>The capture time is outside the accepted window (device clock skew).</summary>
    BadTimestamp,

    /// <summary>Larger than Imaging:MaxImageBytes, or more pixels than Imaging:MaxPixels.</summary>
    TooLarge,

    /// <summary>Neither PNG nor JPEG, or not the format its Content-Type declares.</summary>
    UnsupportedFormat,

    /// <summary>Empty, cut short or corrupted on the way (missing end marker, bad chunk CRC).</summary>
    Corrupt,

    /// <summary>This capture id was already stored with different bytes.</summary>
    Conflict,
}
