namespace TeleSante.Signal.Synthesis;

public enum Rhythm
{
    /// <summary>Sinus rhythm with physiological beat-to-beat variability (about 3 % RR jitter).</summary>
    Sinus,

    /// <summary>Atrial fibrillation: no P waves, fibrillatory baseline, irregularly irregular RR.</summary>
    AtrialFibrillation,

    /// <summary>Ventricular tachycardia: every beat is the wide ventricular beat (no P wave, discordant T) at the given
    /// rate, regular (about 1 % RR jitter). A wide-QRS tachycardia when the rate is above 100 bpm.</summary>
    VentricularTachycardia,
}
