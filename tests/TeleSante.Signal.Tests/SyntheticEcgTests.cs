using TeleSante.Domain.Codes;
using TeleSante.Signal.Synthesis;

namespace TeleSante.Signal.Tests;

public sealed class SyntheticEcgTests
{
    /// <summary>Generates <paramref name="seconds"/> of signal in chunks, as the recorder does.</summary>
    private static (int[][] Leads, IReadOnlyList<double> Peaks) Generate(SyntheticEcgOptions options, double seconds, int chunk = 250)
    {
        var ecg = new SyntheticEcg(options);
        var total = (int)(seconds * options.SampleRateHz);
        var leads = Enumerable.Range(0, 12).Select(_ => new int[total]).ToArray();
        var buffers = Enumerable.Range(0, 12).Select(_ => new int[chunk]).ToArray();
        for (var offset = 0; offset < total; offset += chunk)
        {
            ecg.Next(chunk, buffers);
            for (var lead = 0; lead < 12; lead++)
            {
                Array.Copy(buffers[lead], 0, leads[lead], offset, Math.Min(chunk, total - offset));
            }
        }

        return (leads, ecg.RPeakTimes);
    }

    /// <summary>R peaks found in the waveform itself: local maxima of lead II above half the largest value,
    /// at least 200 ms apart.</summary>
    private static List<double> FindRPeaks(int[] leadII, double rate)
    {
        var threshold = leadII.Max() / 2;
        var peaks = new List<double>();
        for (var i = 1; i < leadII.Length - 1; i++)
        {
            if (leadII[i] > threshold && leadII[i] >= leadII[i - 1] && leadII[i] > leadII[i + 1]
                && (peaks.Count == 0 || (i / rate) - peaks[^1] > 0.2))
            {
                peaks.Add(i / rate);
            }
        }

        return peaks;
    }

    [Theory]
    [InlineData(250)]
    [InlineData(500)]
    [InlineData(1000)]
    public void Emitted_beat_times_match_the_r_peaks_of_the_generated_waveform(double rate)
    {
        var (leads, truth) = Generate(new SyntheticEcgOptions { SampleRateHz = rate, HeartRateBpm = 72, EctopicProbability = 0.1, Seed = 3 }, 60);
        var found = FindRPeaks(leads[1], rate);
        var beatsInSignal = truth.Where(t => t < 60 - 0.05).ToList();
        found.Should().HaveCount(beatsInSignal.Count);
        found.Zip(beatsInSignal).Should().OnlyContain(p => Math.Abs(p.First - p.Second) <= 1.5 / rate + 0.004, "each detected R peak is at an emitted beat time");
        beatsInSignal.Count.Should().BeInRange(66, 78, "72 bpm for a minute");
    }

    [Fact]
    public void Atrial_fibrillation_is_irregularly_irregular_and_sinus_rhythm_is_not()
    {
        static double RrVariation(IReadOnlyList<double> peaks)
        {
            var rr = peaks.Zip(peaks.Skip(1), (a, b) => b - a).ToArray();
            var mean = rr.Average();
            return Math.Sqrt(rr.Average(x => (x - mean) * (x - mean))) / mean;
        }

        var sinus = Generate(new SyntheticEcgOptions { Rhythm = Rhythm.Sinus, Seed = 5 }, 60).Peaks;
        var af = Generate(new SyntheticEcgOptions { Rhythm = Rhythm.AtrialFibrillation, Seed = 5 }, 60).Peaks;
        RrVariation(sinus).Should().BeLessThan(0.05);
        RrVariation(af).Should().BeGreaterThan(0.15);
    }

    [Fact]
    public void Bigeminy_alternates_a_premature_beat_and_a_compensatory_pause()
    {
        var peaks = Generate(new SyntheticEcgOptions { HeartRateBpm = 60, Bigeminy = true, Seed = 5 }, 60).Peaks;
        var rr = peaks.Zip(peaks.Skip(1), (a, b) => b - a).ToArray();

        // From the first beat: 0.65 RR to the premature beat, then the pause that completes 2 RR, and so on.
        rr.Where((_, i) => i % 2 == 0).Should().OnlyContain(x => x < 0.75);
        rr.Where((_, i) => i % 2 == 1).Should().OnlyContain(x => x > 1.2);
    }

    [Fact]
    public void Premature_atrial_beats_come_early_without_a_compensatory_pause()
    {
        var peaks = Generate(new SyntheticEcgOptions { HeartRateBpm = 60, AtrialEctopicProbability = 0.2, Seed = 5 }, 120).Peaks;
        var rr = peaks.Zip(peaks.Skip(1), (a, b) => b - a).ToArray();

        var premature = rr.Count(x => x < 0.85);
        premature.Should().BeInRange(10, 40, "about 20 % of 120 beats");
        rr.Should().OnlyContain(x => x < 1.15, "the sinus node resets: no pause follows");
    }

    [Fact]
    public void Sinus_arrhythmia_follows_respiration()
    {
        var steady = Generate(new SyntheticEcgOptions { HeartRateBpm = 60, Seed = 5 }, 60).Peaks;
        var breathing = Generate(new SyntheticEcgOptions { HeartRateBpm = 60, SinusArrhythmia = 0.15, Seed = 5 }, 60).Peaks;
        static double Range(IReadOnlyList<double> p) => p.Zip(p.Skip(1), (a, b) => b - a).Max() - p.Zip(p.Skip(1), (a, b) => b - a).Min();

        Range(breathing).Should().BeGreaterThan(0.25);
        Range(steady).Should().BeLessThan(0.2);
    }

    [Fact]
    public void Limb_leads_obey_einthoven_and_goldberger_relations()
    {
        var (leads, _) = Generate(new SyntheticEcgOptions { Seed = 9 }, 5);
        // III = II - I and aVF ≈ II - I/2 within rounding of the per-wave gain table (mV × 1000 adu).
        for (var i = 0; i < leads[0].Length; i += 7)
        {
            Math.Abs(leads[2][i] - (leads[1][i] - leads[0][i])).Should().BeLessThan(60);
            Math.Abs(leads[3][i] + ((leads[0][i] + leads[1][i]) / 2.0)).Should().BeLessThan(60);
        }
    }

    [Fact]
    public void Noise_sources_add_mains_at_50_hz()
    {
        var clean = Generate(new SyntheticEcgOptions { SampleRateHz = 1000, Seed = 2 }, 2).Leads[1];
        var mains = Generate(new SyntheticEcgOptions { SampleRateHz = 1000, MainsMv = 0.2, Seed = 2 }, 2).Leads[1];
        var difference = clean.Zip(mains, (a, b) => b - a).ToArray();
        // 50 Hz at 1000 Hz: the difference repeats every 20 samples with amplitude 200 adu.
        difference.Max().Should().BeInRange(195, 201);
        difference.Skip(100).Take(100).Zip(difference.Skip(120).Take(100)).Should().OnlyContain(p => Math.Abs(p.First - p.Second) <= 1);
    }

    [Fact]
    public void Lead_codes_are_the_twelve_standard_leads_in_display_order()
    {
        SyntheticEcg.Leads.Should().Equal(CodeCatalog.TwelveLeads);
    }
}
