namespace TeleSante.Analysis.Beats;

/// <summary>Runs the detector and the feature extractor over a whole recording held in memory, block by block as a
/// stream would deliver it (training, evaluation, the command-line tool).</summary>
public static class BeatAnalysis
{
    /// <summary>Beats and their features from interleaved frames (mV) of <see cref="BeatFeatureOptions.LeadCount"/> leads;
    /// the detector runs on all of them, the shape is taken on <see cref="BeatFeatureOptions.Lead"/>.</summary>
    public static BeatFeatureCollector Run(ReadOnlySpan<float> frames, QrsDetectorOptions detectorOptions, BeatFeatureOptions featureOptions, int blockSize = 256)
    {
        ArgumentNullException.ThrowIfNull(detectorOptions);
        ArgumentNullException.ThrowIfNull(featureOptions);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        var leads = featureOptions.LeadCount;
        var detector = new QrsDetector(detectorOptions, leads);
        var sink = new BeatFeatureCollector();
        var extractor = new BeatFeatureExtractor(featureOptions, sink);
        var block = blockSize * leads;
        for (var at = 0; at < frames.Length; at += block)
        {
            var part = frames.Slice(at, Math.Min(block, frames.Length - at));
            extractor.AddSamples(part);
            detector.Process(part, extractor);
        }

        detector.Flush(extractor);
        extractor.Flush();
        return sink;
    }
}
