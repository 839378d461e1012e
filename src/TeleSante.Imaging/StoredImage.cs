namespace TeleSante.Imaging;

/// <summary>A photograph as kept: its upload metadata, what its bytes are, and where they are.</summary>
/// <param name="Id">Catalogue id, stable, used in URLs.</param>
/// <param name="Upload">The device's metadata.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the bytes (the blob's name and the HTTP ETag).</param>
/// <param name="SizeBytes">Length of the file.</param>
/// <param name="Info">Format and dimensions read from the file itself.</param>
/// <param name="ReceivedAt">Gateway clock when it became durable.</param>
public sealed record StoredImage(long Id, ImageUpload Upload, string Sha256, long SizeBytes, ImageInfo Info, DateTimeOffset ReceivedAt);
