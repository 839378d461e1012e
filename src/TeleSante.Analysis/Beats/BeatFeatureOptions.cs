using TeleSante.Analysis.Quality;

namespace TeleSante.Analysis.Beats;

/// <summary>Parameters of <see cref="BeatFeatureExtractor"/>, checked by <see cref="Validate"/> when one is built.</summary>
public sealed record BeatFeatureOptions
{
    /// <summary>Samples per second per lead, 250..1000.</summary>
    public double SampleRateHz { get; init; } = 500;

    /// <summary>Leads per frame of the samples given to <see cref="BeatFeatureExtractor.AddSamples"/>.</summary>
    public int LeadCount { get; init; } = 1;

    /// <summary>The lead whose shape is analysed (0-based), the detector's lead for a single-lead stream; II for a
    /// 12-lead one in the standard order (1).</summary>
    public int Lead { get; init; }

    /// <summary>Samples kept for the morphology, s: must cover the detector's longest delay (search-back, 1.5 RR;
    /// learning, 2.5 s) plus 0.3 s. A beat reported later than that is marked <see cref="BeatFeatures.Noisy"/>.</summary>
    public double HistorySeconds { get; init; } = 8;

    /// <summary>A beat joins a template when it correlates with it at least this much; below, it starts a new one.</summary>
    public double TemplateCorrelation { get; init; } = 0.9;

    /// <summary>Beats that correlate less than this with every template replace the weakest one.</summary>
    public double NewTemplateCorrelation { get; init; } = 0.8;

    /// <summary>Whether beats in noise are marked (<see cref="BeatFeatures.Noisy"/>), and how noise is judged.</summary>
    public NoiseMarkerOptions? Noise { get; init; }

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(SampleRateHz, 250, nameof(SampleRateHz));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(SampleRateHz, 1000, nameof(SampleRateHz));
        ArgumentOutOfRangeException.ThrowIfLessThan(LeadCount, 1, nameof(LeadCount));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(LeadCount, 32, nameof(LeadCount));
        ArgumentOutOfRangeException.ThrowIfNegative(Lead, nameof(Lead));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(Lead, LeadCount, nameof(Lead));
        ArgumentOutOfRangeException.ThrowIfLessThan(HistorySeconds, 4, nameof(HistorySeconds));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(HistorySeconds, 60, nameof(HistorySeconds));
        ArgumentOutOfRangeException.ThrowIfLessThan(TemplateCorrelation, 0.5, nameof(TemplateCorrelation));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(TemplateCorrelation, 0.99, nameof(TemplateCorrelation));
        ArgumentOutOfRangeException.ThrowIfLessThan(NewTemplateCorrelation, 0, nameof(NewTemplateCorrelation));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(NewTemplateCorrelation, TemplateCorrelation, nameof(NewTemplateCorrelation));
        if (Noise is { } noise)
        {
            noise.Validate();
            if (noise.SampleRateHz != SampleRateHz)
            {
                throw new ArgumentOutOfRangeException(nameof(Noise), noise.SampleRateHz, $"the noise marker's rate must be the extractor's ({SampleRateHz} Hz)");
            }
        }
    }
}
