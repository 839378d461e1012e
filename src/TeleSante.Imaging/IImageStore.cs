namespace TeleSante.Imaging;

/// <summary>Durable store of device photographs, by session.</summary>
public interface IImageStore
{
    /// <summary>Checks and keeps one photograph. Returns only once bytes and catalogue row are on disk;
    /// throws <see cref="ImageRejectedException"/> for anything that cannot be accepted (nothing is kept then).</summary>
    Task<ImageStoreResult> StoreAsync(ImageUpload upload, Stream content, CancellationToken cancellationToken);

    /// <summary>A session's photographs, oldest capture first (metadata only).</summary>
    Task<IReadOnlyList<StoredImage>> ListAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>One photograph of a session, or null (also when the id belongs to another session).</summary>
    Task<StoredImage?> GetAsync(string sessionId, long imageId, CancellationToken cancellationToken);

    /// <summary>The bytes of a stored photograph.</summary>
    Stream OpenRead(StoredImage image);
}
