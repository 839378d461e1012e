using TeleSante.Signal.Wfdb;

namespace TeleSante.Analysis.Scoring;

/// <summary>
/// The ANSI/AAMI EC57 heartbeat classes of the MIT-BIH annotation codes, as the standard (and PhysioNet's bxb) groups
/// them: N = N, L, R, B, e, j; S = A, a, J, S, n; V = V, E, r; F = F; Q = /, f, Q, ?.
/// </summary>
public static class Ec57
{
    /// <summary>The EC57 class of a beat annotation code, or null when the code is not a beat (rhythm change, noise, note...).</summary>
    public static BeatClass? ClassOf(int wfdbCode) => wfdbCode switch
    {
        WfdbAnnotationCode.Normal or WfdbAnnotationCode.LeftBundleBranchBlock or WfdbAnnotationCode.RightBundleBranchBlock
            or WfdbAnnotationCode.BundleBranchBlock or WfdbAnnotationCode.AtrialEscape or WfdbAnnotationCode.NodalEscape => BeatClass.N,
        WfdbAnnotationCode.AtrialPremature or WfdbAnnotationCode.AberratedAtrialPremature or WfdbAnnotationCode.NodalPremature
            or WfdbAnnotationCode.SupraventricularPremature or WfdbAnnotationCode.SupraventricularEscape => BeatClass.S,
        WfdbAnnotationCode.PrematureVentricular or WfdbAnnotationCode.VentricularEscape or WfdbAnnotationCode.ROnT => BeatClass.V,
        WfdbAnnotationCode.Fusion => BeatClass.F,
        WfdbAnnotationCode.Paced or WfdbAnnotationCode.PacedFusion or WfdbAnnotationCode.Unclassifiable
            or WfdbAnnotationCode.Learning => BeatClass.Q,
        _ => null,
    };

    /// <summary>The beats of an annotation file with their EC57 classes, in time order. A detector's own annotation file
    /// reads the same way, so any detector's output can be scored.</summary>
    public static IReadOnlyList<ScoredBeat> Beats(WfdbAnnotations annotations)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        var beats = new List<ScoredBeat>(annotations.Count);
        foreach (var annotation in annotations)
        {
            if (ClassOf(annotation.Code) is { } beatClass)
            {
                beats.Add(new ScoredBeat(annotation.SampleIndex, beatClass));
            }
        }

        beats.Sort((a, b) => a.SampleIndex.CompareTo(b.SampleIndex));
        return beats;
    }

    /// <summary>The detector's beats as scored beats.</summary>
    public static IReadOnlyList<ScoredBeat> Beats(IEnumerable<DetectedBeat> detected)
    {
        ArgumentNullException.ThrowIfNull(detected);
        return detected.Select(b => new ScoredBeat(b.SampleIndex, b.Class)).OrderBy(b => b.SampleIndex).ToList();
    }
}
