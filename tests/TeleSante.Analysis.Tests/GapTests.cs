using TeleSante.Analysis.Scoring;
using TeleSante.Analysis.Tests.Support;
using TeleSante.Signal.Synthesis;

namespace TeleSante.Analysis.Tests;

/// <summary>Lead-off, saturation and missing samples: marked unanalysable, no beat guessed, thresholds relearnt after.</summary>
public sealed class GapTests
{
    private const double Rate = 500;

    [Theory]
    [InlineData(UnanalysableReason.Flat)]
    [InlineData(UnanalysableReason.Missing)]
    public void A_gap_is_reported_as_unanalysable_and_the_detector_relearns_after_it(UnanalysableReason reason)
    {
        var (signal, peaks) = TestData.Synthetic(new SyntheticEcgOptions { SampleRateHz = Rate, HeartRateBpm = 72, MuscleNoiseMv = 0.01, Seed = 5 }, 60);
        var samples = TestData.AsFloats(signal);
        const int from = 20 * 500, to = 28 * 500;

        // Lead off: the amplifier sits at its rail (2.5 mV, far from the ECG's level) or sends nothing.
        samples.AsSpan(from, to - from).Fill(reason == UnanalysableReason.Flat ? 2.5f : float.NaN);

        var result = Detection.Run(samples, new QrsDetectorOptions { SampleRateHz = Rate });

        result.Unanalysable.Should().ContainSingle().Which.Should().Be(new UnanalysableSegment(from, to, reason, UnanalysableSegment.AllLeads));
        result.Beats.Should().NotContain(b => b.SampleIndex >= from && b.SampleIndex < to, "nothing is guessed inside the gap");
        // Every beat outside the gap is found, including those of the relearning period after it, and nothing else
        // (a beat cut by the start of the gap may go either way).
        var reference = peaks.Where(p => p < from - 25 || p >= to).Select(p => new ScoredBeat(p, BeatClass.N)).ToList();
        var scored = BeatByBeat.Compare(reference, Ec57.Beats(result.Beats.Where(b => b.SampleIndex < from - 25 || b.SampleIndex >= to)), Rate, new BeatByBeatOptions { LearningPeriodSeconds = 0 });
        scored.FalseNegatives.Should().Be(0);
        scored.FalsePositives.Should().Be(0);
        result.Beats.First(b => b.SampleIndex >= to).RrSeconds.Should().BeNull("no RR is measured across a gap");
    }

    [Fact]
    public void A_flat_stretch_shorter_than_the_minimum_is_not_a_gap()
    {
        var samples = new float[(int)(Rate * 5)];
        var sink = new BeatCollector();
        var detector = QrsDetector.SingleLead(new QrsDetectorOptions { SampleRateHz = Rate, FlatMinimumSeconds = 6 });
        detector.Process(samples, sink);
        detector.Flush(sink);

        sink.Unanalysable.Should().BeEmpty();
        sink.Beats.Should().BeEmpty("a flat line has no beats");
    }

    [Fact]
    public void Integer_samples_use_the_gain_baseline_and_invalid_value()
    {
        var (signal, peaks) = TestData.Synthetic(new SyntheticEcgOptions { SampleRateHz = Rate, HeartRateBpm = 72, MuscleNoiseMv = 0.01, Seed = 9 }, 30);
        var adu = signal.Select(v => (int)Math.Round((v * 200) + 1024)).ToArray();
        adu.AsSpan(5000, 1000).Fill(-32768);
        var sink = new BeatCollector();
        var detector = QrsDetector.SingleLead(new QrsDetectorOptions { SampleRateHz = Rate, GainAduPerMv = 200, BaselineAdu = 1024, InvalidAdu = -32768 });

        detector.Process(adu, sink);
        detector.Flush(sink);

        sink.Unanalysable.Should().Equal(new UnanalysableSegment(5000, 6000, UnanalysableReason.Missing, UnanalysableSegment.AllLeads));
        sink.Beats.Should().HaveCount(peaks.Count(p => p < 5000 - 25 || p >= 6000 + 25));
    }

    [Fact]
    public void Options_out_of_range_are_refused_by_name()
    {
        var build = () => QrsDetector.SingleLead(new QrsDetectorOptions { SampleRateHz = 200 });
        build.Should().Throw<ArgumentOutOfRangeException>().WithParameterName("SampleRateHz");
        var leads = () => new QrsDetector(new QrsDetectorOptions(), 0);
        leads.Should().Throw<ArgumentOutOfRangeException>();
        var frames = () => new QrsDetector(new QrsDetectorOptions(), 2).Process(new float[3], new BeatCollector());
        frames.Should().Throw<ArgumentException>().WithMessage("*whole number of 2-lead frames*");
    }
}
