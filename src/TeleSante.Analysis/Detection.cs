namespace TeleSante.Analysis;

/// <summary>Runs a detector over a whole recording held in memory (evaluation, the command-line tool).</summary>
public static class Detection
{
    /// <summary>Detects the beats of interleaved frames of <paramref name="leadCount"/> leads (mV) in one pass, as a
    /// stream would deliver them in blocks of <paramref name="blockSize"/> frames.</summary>
    public static BeatCollector Run(ReadOnlySpan<float> samples, QrsDetectorOptions options, int leadCount = 1, int blockSize = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        var detector = new QrsDetector(options, leadCount);
        var sink = new BeatCollector();
        var block = blockSize * leadCount;
        for (var at = 0; at < samples.Length; at += block)
        {
            detector.Process(samples.Slice(at, Math.Min(block, samples.Length - at)), sink);
        }

        detector.Flush(sink);
        return sink;
    }
}
