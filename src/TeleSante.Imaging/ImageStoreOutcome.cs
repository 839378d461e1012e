namespace TeleSante.Imaging;

public enum ImageStoreOutcome
{
    /// <summary>New: the bytes and their catalogue row are durable.</summary>
    Stored,

    /// <summary>The same capture with the same bytes was already stored (a resend): nothing changed.</summary>
    AlreadyStored,
}
