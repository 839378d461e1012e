namespace TeleSante.Clinical.Screening;

/// <summary>What the quality gate said of a capture when it was uploaded; <see cref="NotAssessed"/> when the gate was
/// switched off (never taken for gradable).</summary>
public enum CaptureVerdict
{
    Gradable = 0,
    Ungradable,
    NotAssessed,
}
