namespace TeleSante.Imaging;

/// <summary>What a device says about one photograph it sends.</summary>
/// <param name="DeviceId">The camera.</param>
/// <param name="SiteId">The site the camera is registered at.</param>
/// <param name="SessionId">The consultation the photograph belongs to.</param>
/// <param name="CaptureId">Unique per device; sending the same capture again is idempotent.</param>
/// <param name="Laterality">Which eye.</param>
/// <param name="Field">Where the photograph is centred.</param>
/// <param name="CapturedAt">The camera's clock at capture.</param>
/// <param name="DeclaredContentType">The Content-Type the device sent (image/png or image/jpeg).</param>
public sealed record ImageUpload(
    string DeviceId,
    string SiteId,
    string SessionId,
    string CaptureId,
    EyeLaterality Laterality,
    RetinalField Field,
    DateTimeOffset CapturedAt,
    string DeclaredContentType);
