namespace TeleSante.Imaging;

/// <summary>An image that cannot be accepted, with a typed reason and a message naming the fault.</summary>
public sealed class ImageRejectedException(ImageRejection reason, string message) : Exception(message)
{
    public ImageRejection Reason { get; } = reason;
}
