namespace TeleSante.Clinical.Screening;

/// <summary>
/// One photograph of a protocol field of a screening visit, with the gate's verdict at upload. A later capture of the
/// same eye and field supersedes it (<see cref="SupersededBy"/>, the retake's image id): it is kept, never deleted,
/// but is no longer the visit's photograph for that field.
/// </summary>
public sealed record FundusCapture(
    long ImageId,
    string DeviceId,
    string CaptureId,
    FundusEye Eye,
    FundusField Field,
    DateTimeOffset CapturedAt,
    DateTimeOffset RecordedAt,
    CaptureVerdict Verdict,
    IReadOnlyList<string> Reasons,
    long? SupersededBy = null,
    DateTimeOffset? SupersededAt = null)
{
    public bool IsCurrent => SupersededBy is null;
}
