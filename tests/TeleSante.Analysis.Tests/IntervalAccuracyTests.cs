using TeleSante.Analysis.Measurements;

namespace TeleSante.Analysis.Tests;

/// <summary>Issue 12's interval target (IEC 60601-2-25 acceptance figures) on a seed set that was not used to tune the
/// method (the README's table and the tuning used seed 1).</summary>
public sealed class IntervalAccuracyTests
{
    private static readonly Lazy<IReadOnlyList<IntervalCase>> Cases = new(() => IntervalEvaluation.Run(count: 80, seed: 20261202));

    [Theory]
    [InlineData(250, 7)]
    [InlineData(500, 0)] // the 80-case set below, also used by the next test
    [InlineData(1000, 8)]
    public void Pr_qrs_and_qt_errors_are_within_the_iec_60601_2_25_figures(double rate, int seed)
    {
        var cases = seed == 0 ? Cases.Value : IntervalEvaluation.Run(count: 50, seed: 20261202 + seed, sampleRateHz: rate);
        var pr = IntervalErrors.Of(cases.Select(c => c.PrErrorMs).ToList());
        var qrs = IntervalErrors.Of(cases.Select(c => c.QrsErrorMs).ToList());
        var qt = IntervalErrors.Of(cases.Select(c => c.QtErrorMs).ToList());

        Math.Abs(pr.MeanMs).Should().BeLessThanOrEqualTo(10);
        pr.SdMs.Should().BeLessThanOrEqualTo(10);
        Math.Abs(qrs.MeanMs).Should().BeLessThanOrEqualTo(10);
        qrs.SdMs.Should().BeLessThanOrEqualTo(10);
        Math.Abs(qt.MeanMs).Should().BeLessThanOrEqualTo(25);
        qt.SdMs.Should().BeLessThanOrEqualTo(30);
        qrs.NotMeasured.Should().Be(0);
        qt.NotMeasured.Should().Be(0);
    }

    [Fact]
    public void A_pr_is_not_measured_only_where_the_p_wave_is_hidden_in_the_previous_t_wave()
    {
        var pr = IntervalErrors.Of(Cases.Value.Select(c => c.PrErrorMs).ToList());
        pr.Measured.Should().BeGreaterThanOrEqualTo(Cases.Value.Count * 3 / 4);
        foreach (var c in Cases.Value.Where(c => !c.Measured.PrMs.IsMeasured))
        {
            c.Measured.PrMs.Reason.Should().Be(NotMeasurableReason.NoPWave);

            // P onset no later than 10 % of an RR after the previous T offset: within, or right at the end of, that T.
            var rrMs = 60000 / c.Options.HeartRateBpm;
            (c.TruePrMs + c.TrueQtMs).Should().BeGreaterThan(0.9 * rrMs, $"HR {c.Options.HeartRateBpm:0}, PR {c.TruePrMs:0}, QT {c.TrueQtMs:0}");
        }
    }
}
