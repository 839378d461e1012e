using TeleSante.Signal.Synthesis;

namespace TeleSante.Signal.Tests;

/// <summary>The generator's timed mode (<see cref="SyntheticEcgOptions.Waves"/>): explicit intervals and axes, and the
/// true wave boundaries it emits per beat.</summary>
public sealed class SyntheticEcgTimedWavesTests
{
    private static (int[][] Leads, SyntheticEcg Ecg) Generate(SyntheticEcgOptions options, double seconds)
    {
        var ecg = new SyntheticEcg(options);
        var total = (int)(seconds * options.SampleRateHz);
        var leads = Enumerable.Range(0, 12).Select(_ => new int[total]).ToArray();
        var chunk = Enumerable.Range(0, 12).Select(_ => new int[100]).ToArray();
        for (var at = 0; at < total; at += 100)
        {
            ecg.Next(100, chunk);
            for (var l = 0; l < 12; l++)
            {
                Array.Copy(chunk[l], 0, leads[l], at, Math.Min(100, total - at));
            }
        }

        return (leads, ecg);
    }

    [Fact]
    public void Each_beat_reports_its_boundaries_with_the_requested_intervals()
    {
        var timing = new WaveTiming { PrMs = 180, PDurationMs = 100, QrsMs = 100, QtMs = 420 };
        var (_, ecg) = Generate(new SyntheticEcgOptions { SampleRateHz = 500, HeartRateBpm = 60, Waves = timing }, 10);

        ecg.Boundaries.Should().HaveCount(ecg.RPeakTimes.Count).And.HaveCountGreaterThan(8);
        foreach (var b in ecg.Boundaries)
        {
            (b.QrsOnset - b.POnset!.Value).Should().BeInRange(89, 91); // 180 ms at 500 Hz, ±1 sample of rounding
            (b.POffset!.Value - b.POnset.Value).Should().BeInRange(49, 51);
            (b.QrsOffset - b.QrsOnset).Should().BeInRange(49, 51);
            (b.TOffset - b.QrsOnset).Should().BeInRange(209, 211);
            b.RPeak.Should().BeInRange(b.QrsOnset, b.QrsOffset);
        }

        ecg.Boundaries.Select(b => b.RPeak).Should().Equal(ecg.RPeakTimes.Select(t => (long)Math.Round(t * 500)));
    }

    [Fact]
    public void Without_noise_the_leads_are_flat_outside_the_boundaries_and_not_inside()
    {
        var (leads, ecg) = Generate(new SyntheticEcgOptions { SampleRateHz = 500, HeartRateBpm = 50, Waves = new WaveTiming() }, 8);
        var inside = new bool[leads[0].Length];
        foreach (var b in ecg.Boundaries)
        {
            for (var i = Math.Max(0, b.POnset!.Value); i <= Math.Min(inside.Length - 1, b.TOffset); i++)
            {
                inside[i] = true;
            }
        }

        for (var i = 0; i < inside.Length; i++)
        {
            if (!inside[i])
            {
                leads.Should().OnlyContain(lead => lead[i] == 0, $"sample {i} lies outside every beat");
            }
        }

        var b0 = ecg.Boundaries[1];
        leads[1][(b0.POnset!.Value + b0.POffset!.Value) / 2].Should().BeGreaterThan(50, "a P wave in lead II");
        leads.Max(lead => Math.Abs(lead[b0.QrsOnset + 2])).Should().BeGreaterThan(0, "the QRS starts at its onset");
        leads.Max(lead => Math.Abs(lead[b0.TOffset - 3])).Should().BeGreaterThan(0, "the T wave lasts to its offset");
    }

    [Fact]
    public void Leads_are_projections_of_one_heart_vector()
    {
        var (leads, _) = Generate(new SyntheticEcgOptions { SampleRateHz = 500, Waves = new WaveTiming { QrsAxisDegrees = -20 } }, 3);
        for (var i = 0; i < leads[0].Length; i++)
        {
            double lI = leads[0][i], lII = leads[1][i];
            ((double)leads[2][i]).Should().BeApproximately(lII - lI, 1.5); // III = II − I
            ((double)leads[3][i]).Should().BeApproximately(-(lI + lII) / 2, 1.5); // aVR
            ((double)leads[4][i]).Should().BeApproximately(lI - (lII / 2), 1.5); // aVL
            ((double)leads[5][i]).Should().BeApproximately(lII - (lI / 2), 1.5); // aVF
        }
    }

    [Theory]
    [InlineData(QtFormula.Bazett, 400 * 0.8)] // RR 0.64 s: sqrt = 0.8
    [InlineData(QtFormula.Fridericia, 400 * 0.86177)] // cbrt(0.64)
    public void Qt_follows_the_rate_by_the_chosen_formula(QtFormula formula, double expectedMs)
    {
        var ecg = new SyntheticEcg(new SyntheticEcgOptions { HeartRateBpm = 93.75, Waves = new WaveTiming { QtcMs = 400, QtFormula = formula } });

        (ecg.QtSeconds * 1000).Should().BeApproximately(expectedMs, 0.1);
    }

    [Fact]
    public void Ectopic_beats_report_a_wide_qrs_and_no_p_wave()
    {
        var (_, ecg) = Generate(new SyntheticEcgOptions { SampleRateHz = 500, EctopicProbability = 0.3, Waves = new WaveTiming { QrsMs = 90 }, Seed = 4 }, 20);

        var ectopic = ecg.Boundaries.Where(b => b.Ectopic).ToList();
        ectopic.Should().NotBeEmpty();
        ectopic.Should().OnlyContain(b => b.POnset == null && b.QrsOffset - b.QrsOnset >= 80);
    }

    [Fact]
    public void Inconsistent_timing_is_refused_by_name()
    {
        var act = () => new SyntheticEcg(new SyntheticEcgOptions { Waves = new WaveTiming { PrMs = 100, PDurationMs = 100 } });
        act.Should().Throw<ArgumentOutOfRangeException>().WithParameterName(nameof(WaveTiming.PrMs));
    }

    [Fact]
    public void The_default_generator_reports_no_boundaries()
    {
        var (_, ecg) = Generate(new SyntheticEcgOptions(), 3);

        ecg.RPeakTimes.Should().NotBeEmpty();
        ecg.Boundaries.Should().BeEmpty();
    }
}
