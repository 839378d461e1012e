namespace TeleSante.Analysis.Measurements;

/// <summary>Parameters of <see cref="RestingEcgMeasurer"/>, validated when one is built (out of range throws
/// <see cref="ArgumentOutOfRangeException"/> naming the option).</summary>
public sealed record RestingEcgOptions
{
    /// <summary>Samples per second per lead, 250..1000.</summary>
    public double SampleRateHz { get; init; } = 500;

    /// <summary>A beat whose preceding RR differs from the median RR by more than this fraction is left out of the
    /// median beat (premature, ectopic, after a pause), 0.05..0.5.</summary>
    public double RrOutlierFraction { get; init; } = 0.2;

    /// <summary>A beat whose QRS (±60 ms, all good leads) correlates less than this with the first median is left out
    /// (another morphology: ectopic, artefact), 0.5..0.99.</summary>
    public double MinimumCorrelation { get; init; } = 0.9;

    /// <summary>Beats needed for a median beat, 2..20.</summary>
    public int MinimumBeats { get; init; } = 3;

    /// <summary>A lead whose median beat spans less than this peak to peak is flat, mV, 0..1.</summary>
    public double FlatMv { get; init; } = 0.05;

    /// <summary>A lead held within 5 µV of its window's maximum or minimum for this long is saturated, ms, 10..1000.</summary>
    public double SaturationMs { get; init; } = 40;

    /// <summary>A lead whose beats differ from its median beat by more than this RMS is noisy, mV, 0.01..1.</summary>
    public double NoiseMv { get; init; } = 0.15;

    /// <summary>A P wave must stand this far above the isoelectric line (RMS over good leads, mV) to be measured, 0..0.5.</summary>
    public double MinimumPWaveMv { get; init; } = 0.03;

    /// <summary>A P wave must repeat beat after beat: median correlation of the beats' P regions (±60 ms, good leads)
    /// with the median beat's, 0..1. Fibrillatory waves do not repeat.</summary>
    public double MinimumPCorrelation { get; init; } = 0.8;

    internal void Validate()
    {
        Check(MinimumPCorrelation, 0, 1, nameof(MinimumPCorrelation));
        Check(SampleRateHz, 250, 1000, nameof(SampleRateHz));
        Check(RrOutlierFraction, 0.05, 0.5, nameof(RrOutlierFraction));
        Check(MinimumCorrelation, 0.5, 0.99, nameof(MinimumCorrelation));
        Check(MinimumBeats, 2, 20, nameof(MinimumBeats));
        Check(FlatMv, 0, 1, nameof(FlatMv));
        Check(SaturationMs, 10, 1000, nameof(SaturationMs));
        Check(NoiseMv, 0.01, 1, nameof(NoiseMv));
        Check(MinimumPWaveMv, 0, 0.5, nameof(MinimumPWaveMv));
    }

    private static void Check(double value, double min, double max, string name)
    {
        if (!(value >= min && value <= max))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be within {min}..{max}");
        }
    }
}
