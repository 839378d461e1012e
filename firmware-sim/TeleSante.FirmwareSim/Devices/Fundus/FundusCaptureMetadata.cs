using System.Text;
using System.Text.Json;
using TeleSante.FirmwareSim.Devices.Fundus.Internal;

namespace TeleSante.FirmwareSim.Devices.Fundus;

/// <summary>
/// What the camera records with each photograph (the subset of DICOM Ophthalmic Photography
/// attributes a reader needs: laterality, field, size, acquisition time, device), plus the defects
/// injected and the true landmark positions, so an image-quality gate or a landmark detector can be
/// checked against ground truth. Serialises to camel-case JSON with enum names.
/// </summary>
public sealed record FundusCaptureMetadata
{
    /// <summary>Unique per device: "{deviceId}-{n}" with n counting captures.</summary>
    public required string CaptureId { get; init; }

    public required string DeviceId { get; init; }

    public required string SiteId { get; init; }

    public string? SessionId { get; init; }

    public required Laterality Laterality { get; init; }

    public required FundusField Field { get; init; }

    public required int Width { get; init; }

    public required int Height { get; init; }

    public required double FieldOfViewDegrees { get; init; }

    public required DateTimeOffset CapturedAt { get; init; }

    /// <summary>Exposure relative to correct, in stops (0 is correct; the defect's value).</summary>
    public required double ExposureStops { get; init; }

    public required FundusDefects Defects { get; init; }

    /// <summary>The retina's identity (see <see cref="FundusCaptureRequest.EyeSeed"/>).</summary>
    public required int EyeSeed { get; init; }

    /// <summary>Optic disc centre in image pixels (after mirroring and misalignment).</summary>
    public required double DiscCentreX { get; init; }

    public required double DiscCentreY { get; init; }

    public required double DiscDiameterPx { get; init; }

    /// <summary>Fovea (centre of the macula) in image pixels.</summary>
    public required double FoveaX { get; init; }

    public required double FoveaY { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, FundusJsonContext.Default.FundusCaptureMetadata);

    public static FundusCaptureMetadata FromJson(string json)
        => JsonSerializer.Deserialize(json, FundusJsonContext.Default.FundusCaptureMetadata) ?? throw new JsonException("null metadata");

    /// <summary>The metadata <see cref="FundusCapture.EncodeJpeg"/> stored: the UTF-8 JSON of its COM
    /// segments, concatenated in order.</summary>
    /// <exception cref="InvalidDataException">Not a JPEG, or one without a COM segment.</exception>
    public static FundusCaptureMetadata FromJpeg(ReadOnlySpan<byte> jpeg)
        => FromJson(Encoding.UTF8.GetString(JpegComments.Read(jpeg) ?? throw new InvalidDataException("the JPEG has no COM segment")));
}
