namespace TeleSante.Analysis.Beats;

/// <summary>Receives <see cref="BeatFeatureExtractor"/>'s output in sample order: one call per detected beat, and the
/// unanalysable segments (the detector's and the noise marker's). Called on the processing thread; keep it cheap.</summary>
public interface IBeatFeatureSink
{
    void OnBeat(in BeatFeatures features);

    void OnUnanalysable(in UnanalysableSegment segment);
}
