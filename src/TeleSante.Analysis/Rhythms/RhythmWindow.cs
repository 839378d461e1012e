namespace TeleSante.Analysis.Rhythms;

/// <summary>A window of consecutive detected beats and the rhythm features computed on it.</summary>
/// <param name="FirstBeatSeconds">Fiducial point of the window's first beat (the end of its first RR interval).</param>
/// <param name="LastBeatSeconds">Fiducial point of the window's last beat.</param>
/// <param name="Rr">Irregularity measures of the window's RR intervals.</param>
/// <param name="PWaveCorrelation">Pre-QRS segment correlation across the window's beats (<see cref="PWaveEvidence"/>);
/// <see cref="double.NaN"/> when the window was built from RR intervals alone.</param>
public sealed record RhythmWindow(double FirstBeatSeconds, double LastBeatSeconds, RrWindowFeatures Rr, double PWaveCorrelation)
{
    /// <summary>Names of <see cref="Features"/>' values, in order: the RR measures, then the P-wave evidence.</summary>
    public static IReadOnlyList<string> FeatureNames { get; } = [.. RrWindowFeatures.Names, "p_wave_correlation"];

    /// <summary>The classifier's input vector, in <see cref="FeatureNames"/> order.</summary>
    public float[] Features() => [.. Rr.ToArray(), (float)PWaveCorrelation];
}
