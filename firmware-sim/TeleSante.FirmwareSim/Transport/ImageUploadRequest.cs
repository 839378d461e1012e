namespace TeleSante.FirmwareSim.Transport;

/// <summary>One photograph to send, with what the gateway needs to file it.</summary>
/// <param name="Laterality">OD or OS.</param>
/// <param name="Field">macula, disc or other.</param>
public sealed record ImageUploadRequest(
    string DeviceId,
    string SiteId,
    string SessionId,
    string CaptureId,
    string Laterality,
    string Field,
    DateTimeOffset CapturedAt,
    string ContentType,
    byte[] Bytes);
