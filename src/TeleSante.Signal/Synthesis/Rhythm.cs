namespace TeleSante.Signal.Synthesis;

public enum Rhythm
{
    /// <summary>Sinus rhythm with physiological beat-to-beat variability (about 3 % RR jitter).</summary>
    Sinus,

    /// <summary>Atrial fibrillation: no P waves, fibrillatory baseline, irregularly irregular RR.</summary>
    AtrialFibrillation,
}
