using TeleSante.Analysis.Scoring;

namespace TeleSante.Analysis.Tests;

/// <summary>EC57 beat-by-beat matching on a hand-built example.</summary>
public sealed class ScoringTests
{
    [Fact]
    public void Beats_are_matched_within_150_ms_and_the_learning_period_is_not_counted()
    {
        const double rate = 100; // 1 sample = 10 ms; the window is 15 samples
        ScoredBeat[] reference =
        [
            new(100, BeatClass.N), // in the learning period (before 2 s): missed, not counted
            new(300, BeatClass.N), // matched at +15 samples (150 ms, the edge): TP
            new(500, BeatClass.V), // nearest detection 16 samples away: FN
            new(700, BeatClass.N), // two detections within the window: the closer one matches, the other is FP
            new(900, BeatClass.S), // matched at -5: TP
        ];
        ScoredBeat[] detected =
        [
            new(150, BeatClass.Unknown), // learning period: not counted as FP
            new(315, BeatClass.Unknown),
            new(516, BeatClass.Unknown),
            new(690, BeatClass.Unknown),
            new(702, BeatClass.Unknown),
            new(895, BeatClass.Unknown),
        ];

        var result = BeatByBeat.Compare(reference, detected, rate, new BeatByBeatOptions { LearningPeriodSeconds = 2 });

        result.TruePositives.Should().Be(3);
        result.FalseNegatives.Should().Be(1);
        result.FalsePositives.Should().Be(2);
        result.Missed.Should().Equal(500);
        result.Extra.Should().Equal(516, 690);
        result.Sensitivity.Should().BeApproximately(0.75, 1e-12);
        result.PositivePredictivity.Should().BeApproximately(0.6, 1e-12);
        result.Matrix[BeatClass.N, BeatClass.Unknown].Should().Be(2);
        result.Matrix[BeatClass.S, BeatClass.Unknown].Should().Be(1);
        result.Matrix[BeatClass.V, null].Should().Be(1);
        result.Matrix[null, BeatClass.Unknown].Should().Be(2);
    }

    [Theory]
    [InlineData(1, BeatClass.N)] // N
    [InlineData(2, BeatClass.N)] // L
    [InlineData(8, BeatClass.S)] // A
    [InlineData(5, BeatClass.V)] // V
    [InlineData(6, BeatClass.F)] // F
    [InlineData(12, BeatClass.Q)] // paced
    [InlineData(28, null)] // rhythm change: not a beat
    [InlineData(14, null)] // noise: not a beat
    public void Reference_codes_map_to_the_EC57_classes(int code, BeatClass? expected)
    {
        Ec57.ClassOf(code).Should().Be(expected);
    }
}
