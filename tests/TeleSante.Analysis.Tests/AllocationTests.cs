using TeleSante.Analysis.Tests.Support;
using TeleSante.Signal.Synthesis;

namespace TeleSante.Analysis.Tests;

/// <summary>The hot path allocates nothing once the detector exists.</summary>
public sealed class AllocationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(12)]
    public void Processing_allocates_nothing_on_a_warm_detector(int leads)
    {
        var (signal, _) = TestData.Synthetic(new SyntheticEcgOptions { SampleRateHz = 500, HeartRateBpm = 80, EctopicProbability = 0.1, MuscleNoiseMv = 0.02, Seed = 2 }, 40);
        var frames = new float[signal.Length * leads];
        for (var i = 0; i < signal.Length; i++)
        {
            for (var l = 0; l < leads; l++)
            {
                frames[(i * leads) + l] = (float)(signal[i] * (l + 1));
            }
        }

        // A gap in the measured part: entering and leaving it, and relearning, must not allocate either.
        frames.AsSpan(25 * 500 * leads, 3 * 500 * leads).Fill(float.NaN);
        var detector = new QrsDetector(new QrsDetectorOptions { SampleRateHz = 500 }, leads);
        var sink = new CountingSink();
        var warm = 10 * 500 * leads;
        detector.Process(frames.AsSpan(0, warm), sink);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var at = warm; at < frames.Length; at += 64 * leads)
        {
            detector.Process(frames.AsSpan(at, Math.Min(64 * leads, frames.Length - at)), sink);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        allocated.Should().Be(0);
        sink.Beats.Should().BeGreaterThan(30, "the measured part really detected beats");
        sink.Segments.Should().Be(leads == 1 ? 1 : leads + 1, "the stream's segment, and each lead's own in a multi-lead stream");
    }

    private sealed class CountingSink : IQrsEventSink
    {
        public int Beats { get; private set; }

        public int Segments { get; private set; }

        public void OnBeat(in DetectedBeat beat) => Beats++;

        public void OnUnanalysable(in UnanalysableSegment segment) => Segments++;
    }
}
