namespace TeleSante.Signal.Synthesis;

/// <summary>Parameters of a synthetic 12-lead ECG.</summary>
public sealed record SyntheticEcgOptions
{
    /// <summary>Mean heart rate, beats per minute.</summary>
    public double HeartRateBpm { get; init; } = 72;

    public Rhythm Rhythm { get; init; } = Rhythm.Sinus;

    /// <summary>Probability that a beat is a premature ventricular contraction (wide QRS, early, compensatory pause).</summary>
    public double EctopicProbability { get; init; }

    /// <summary>Probability that a sinus beat is a premature atrial contraction: normal QRS with its P wave, at 60–80 %
    /// of the RR interval, after which the sinus node resets (no compensatory pause). Ignored in atrial fibrillation.</summary>
    public double AtrialEctopicProbability { get; init; }

    /// <summary>Amplitude of a premature atrial beat's P wave relative to the sinus P (1: same P; negative: inverted, as
    /// from a low atrial or junctional focus; small: a flattened ectopic P). Its QRS stays the sinus one.</summary>
    public double AtrialEctopicPAmplitude { get; init; } = 1;

    /// <summary>Gain of a premature ventricular beat's waves (1: the built-in wide beat; negative: the opposite
    /// polarity, as from a focus in the other ventricle).</summary>
    public double VentricularEctopicScale { get; init; } = 1;

    /// <summary>Probability that a premature ventricular beat is followed at once by a second one (a couplet), the
    /// compensatory pause coming after the pair. Ignored with <see cref="Bigeminy"/>.</summary>
    public double CoupletProbability { get; init; }

    /// <summary>Ventricular bigeminy: every second beat is a premature ventricular contraction.</summary>
    public bool Bigeminy { get; init; }

    /// <summary>Respiratory sinus arrhythmia: relative depth of the RR modulation at 0.25 Hz (0.1 = ±10 %).</summary>
    public double SinusArrhythmia { get; init; }

    /// <summary>Gain of the sinus (and atrial ectopic) beats' T wave, Gaussian beats only (1: 0.3 mV in lead II; 3: a T as
    /// tall as the R in the mid precordial leads, as in hyperkalaemia or hyperacute ischaemia).</summary>
    public double TWaveScale { get; init; } = 1;

    /// <summary>Width of that T wave relative to the built-in one, Gaussian beats only (below 1: narrower, peaked).</summary>
    public double TWaveWidthScale { get; init; } = 1;

    /// <summary>Samples per second per lead.</summary>
    public double SampleRateHz { get; init; } = 500;

    /// <summary>Amplitude of respiratory baseline wander (0.25 Hz), mV.</summary>
    public double BaselineWanderMv { get; init; }

    /// <summary>Amplitude of mains interference, mV.</summary>
    public double MainsMv { get; init; }

    /// <summary>Mains frequency: 50 Hz in France.</summary>
    public double MainsHz { get; init; } = 50;

    /// <summary>Standard deviation of broadband muscle (EMG) noise, mV.</summary>
    public double MuscleNoiseMv { get; init; }

    /// <summary>ADC gain written with the samples, adu per mV (1 µV resolution).</summary>
    public double GainAduPerMv { get; init; } = 1000;

    /// <summary>Explicit PR, QRS, QT and frontal axes, with the true wave boundaries emitted per beat; null keeps the
    /// Gaussian beat of earlier versions (no boundaries).</summary>
    public WaveTiming? Waves { get; init; }

    /// <summary>Seed for reproducible signals.</summary>
    public int Seed { get; init; } = 1;
}
