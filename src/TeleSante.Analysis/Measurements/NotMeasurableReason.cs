namespace TeleSante.Analysis.Measurements;

/// <summary>Why a resting measurement was not given (reported instead of a guess).</summary>
public enum NotMeasurableReason
{
    /// <summary>Fewer than <see cref="RestingEcgOptions.MinimumBeats"/> beats (two for the rate) were usable in the window
    /// (too few detected, or the others excluded as ectopic or outliers by RR or shape).</summary>
    TooFewBeats,

    /// <summary>No lead of good quality to measure on.</summary>
    NoUsableLead,

    /// <summary>A lead the measurement needs (I and aVF for the axes) is flat, saturated or noisy.</summary>
    LeadUnusable,

    /// <summary>No P wave stands out of the noise before the QRS (atrial fibrillation, junctional or paced rhythm, noise).</summary>
    NoPWave,

    /// <summary>The wave's boundary was not found within its physiological search window.</summary>
    BoundaryNotFound,

    /// <summary>The net area in I and aVF is too small for an angle (an isoelectric frontal projection).</summary>
    IndeterminateAxis,
}
