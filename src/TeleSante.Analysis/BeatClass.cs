namespace TeleSante.Analysis;

/// <summary>
/// Beat classes of ANSI/AAMI EC57 (the heartbeat classes every arrhythmia detector is scored on), plus
/// <see cref="Unknown"/> for a beat nobody has classified yet: the detector finds beats, the classifier
/// (a later part of issue 12) names them.
/// </summary>
public enum BeatClass
{
    /// <summary>Detected but not classified.</summary>
    Unknown = 0,

    /// <summary>Normal or bundle-branch-block beat, escape beats of supraventricular origin (MIT-BIH N, L, R, B, e, j).</summary>
    N,

    /// <summary>Supraventricular ectopic beat (MIT-BIH A, a, J, S, n).</summary>
    S,

    /// <summary>Ventricular ectopic beat (MIT-BIH V, E, r).</summary>
    V,

    /// <summary>Fusion of a ventricular and a normal beat (MIT-BIH F).</summary>
    F,

    /// <summary>Unclassifiable: paced, fusion of paced and normal, unclassified (MIT-BIH /, f, Q, ?).</summary>
    Q,
}
