namespace TeleSante.Analysis.Beats;

/// <summary>An <see cref="IBeatFeatureSink"/> that keeps everything in lists (evaluation, training, tests, the tool).</summary>
public sealed class BeatFeatureCollector : IBeatFeatureSink
{
    public List<BeatFeatures> Beats { get; } = [];

    public List<UnanalysableSegment> Unanalysable { get; } = [];

    public void OnBeat(in BeatFeatures features) => Beats.Add(features);

    public void OnUnanalysable(in UnanalysableSegment segment) => Unanalysable.Add(segment);
}
