namespace TeleSante.Analysis;

/// <summary>Why a stretch of signal was not analysed.</summary>
public enum UnanalysableReason
{
    /// <summary>No samples: NaN, or the ADC's "invalid sample" value (WFDB signal(5): -32768 in format 16, -2048 in 212).</summary>
    Missing,

    /// <summary>The signal stayed within <see cref="QrsDetectorOptions.FlatToleranceMv"/> for at least
    /// <see cref="QrsDetectorOptions.FlatMinimumSeconds"/>: lead off, or the amplifier saturated at a rail.</summary>
    Flat,

    /// <summary>Noise too strong for the beats to be classified or the rhythm judged: the QRS complexes stand less than
    /// <see cref="Quality.NoiseMarkerOptions.MinimumSnrDb"/> above the noise (<see cref="Quality.NoiseMarker"/>). Beats are
    /// still detected there, but classified <see cref="BeatClass.Q"/> and no rhythm is proposed.</summary>
    Noise,
}
