using System.ComponentModel.DataAnnotations;

namespace TeleSante.Gateway.Clinical;

/// <summary>How the ECG proposals of a tele-expertise request are computed at submission (issue 12), section "EcgProposals".
/// Validated at start-up.</summary>
internal sealed class EcgProposalsOptions
{
    public const string Section = "EcgProposals";

    /// <summary>Length of the measurement window, s (a resting ECG is read over 10 s).</summary>
    [Range(5, 30)]
    public double WindowSeconds { get; set; } = 10;

    /// <summary>At most this much of the attached recording is read and analysed, the end of the attached range kept, s.
    /// Bounds the work done inside the submission (about 120 s of 12 leads at 500 Hz is 720 k samples).</summary>
    [Range(10, 600)]
    public double MaxAnalysedSeconds { get; set; } = 120;

    /// <summary>Candidate windows start every this many seconds; the best-quality one is measured, s.</summary>
    [Range(1, 10)]
    public double WindowStepSeconds { get; set; } = 2;
}
