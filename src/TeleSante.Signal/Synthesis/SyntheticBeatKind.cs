namespace TeleSante.Signal.Synthesis;

/// <summary>What produced a generated beat (the ground truth of <see cref="SyntheticEcg.BeatKinds"/>).</summary>
public enum SyntheticBeatKind
{
    /// <summary>A sinus beat, or a conducted beat of atrial fibrillation: AAMI class N.</summary>
    Sinus,

    /// <summary>A premature atrial beat (early, narrow QRS, ectopic P): AAMI class S.</summary>
    AtrialPremature,

    /// <summary>A premature ventricular beat (early, wide QRS, no P, discordant T): AAMI class V.</summary>
    VentricularPremature,
}
