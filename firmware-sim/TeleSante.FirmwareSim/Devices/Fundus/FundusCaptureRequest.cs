namespace TeleSante.FirmwareSim.Devices.Fundus;

/// <summary>What the operator asks the camera for.</summary>
public sealed record FundusCaptureRequest
{
    public required Laterality Laterality { get; init; }

    public FundusField Field { get; init; } = FundusField.MaculaCentred;

    public FundusDefects Defects { get; init; } = FundusDefects.None;

    /// <summary>Consultation or tele-expertise request the image belongs to, if known.</summary>
    public string? SessionId { get; init; }

    /// <summary>
    /// Identity of the retina (its vessel pattern). The same seed gives the same eye in every capture,
    /// and the OS image of a seed is the exact mirror of its OD image. Null: a new eye per capture.
    /// </summary>
    public int? EyeSeed { get; init; }

    /// <summary>Capture time; the camera's clock when null.</summary>
    public DateTimeOffset? CapturedAt { get; init; }
}
