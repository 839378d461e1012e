namespace TeleSante.Analysis.Triage;

/// <summary>The suggested-urgent findings of issue 12 (a tele-expertise request whose ECG shows one is marked in the
/// worklist).</summary>
public enum TriageRule
{
    /// <summary>Atrial fibrillation suspected with a mean ventricular rate above <see cref="TriageOptions.AfFastVentricularResponseAboveBpm"/>.</summary>
    AfFastVentricularResponse,

    /// <summary>A pause longer than <see cref="TriageOptions.PauseLongerThanSeconds"/>.</summary>
    LongPause,

    /// <summary>A rhythm episode with a mean ventricular rate below <see cref="TriageOptions.BradycardiaBelowBpm"/>.</summary>
    Bradycardia,

    /// <summary>A rhythm episode with a mean ventricular rate above <see cref="TriageOptions.TachycardiaAboveBpm"/>.</summary>
    Tachycardia,

    /// <summary>A wide-QRS tachycardia statement (QRS and rate limits of <see cref="Rhythms.RhythmProposerOptions"/>).</summary>
    WideQrsTachycardia,
}
