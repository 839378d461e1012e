namespace TeleSante.Analysis;

/// <summary>Why a stretch of signal was not analysed.</summary>
public enum UnanalysableReason
{
    /// <summary>No samples: NaN, or the ADC's "invalid sample" value (WFDB signal(5): -32768 in format 16, -2048 in 212).</summary>
    Missing,

    /// <summary>The signal stayed within <see cref="QrsDetectorOptions.FlatToleranceMv"/> for at least
    /// <see cref="QrsDetectorOptions.FlatMinimumSeconds"/>: lead off, or the amplifier saturated at a rail.</summary>
    Flat,
}
