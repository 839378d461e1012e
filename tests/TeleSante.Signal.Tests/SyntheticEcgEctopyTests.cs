using TeleSante.Signal.Synthesis;

namespace TeleSante.Signal.Tests;

/// <summary>The generator's ectopy as the beat classifier is trained on it: each beat's kind is reported beside its time,
/// premature atrial beats carry the ectopic P asked for, couplets are two ventricular beats in a row.</summary>
public sealed class SyntheticEcgEctopyTests
{
    [Fact]
    public void Each_beat_has_its_kind_and_atrial_beats_are_early_with_the_ectopic_P_wave()
    {
        var options = new SyntheticEcgOptions { Seed = 5, SampleRateHz = 500, HeartRateBpm = 70, AtrialEctopicProbability = 0.2, AtrialEctopicPAmplitude = -0.6 };
        var (leadII, ecg) = Generate(options, 120);

        ecg.BeatKinds.Should().HaveCount(ecg.RPeakTimes.Count);
        var atrial = Enumerable.Range(1, ecg.RPeakTimes.Count - 1).Where(i => ecg.BeatKinds[i] == SyntheticBeatKind.AtrialPremature).ToList();
        var sinus = Enumerable.Range(1, ecg.RPeakTimes.Count - 1).Where(i => ecg.BeatKinds[i] == SyntheticBeatKind.Sinus).ToList();
        atrial.Should().HaveCountGreaterThan(10);

        // The same record with the sinus P on its atrial beats (same seed, same timing): at the P peak, 200 ms before
        // the R peak, the two differ by (1 − (−0.6)) × the P amplitude (0.15 mV in lead II) on atrial beats only.
        var (sameP, _) = Generate(options with { AtrialEctopicPAmplitude = 1 }, 120);
        Func<int, double> difference = i =>
        {
            var at = (int)Math.Round((ecg.RPeakTimes[i] - 0.2) * 500);
            return (sameP[at] - leadII[at]) / options.GainAduPerMv;
        };
        atrial.Should().OnlyContain(i => Math.Abs(difference(i) - (1.6 * 0.15)) < 0.01);
        sinus.Should().OnlyContain(i => Math.Abs(difference(i)) < 0.01);
        atrial.Should().OnlyContain(i => ecg.RPeakTimes[i] - ecg.RPeakTimes[i - 1] < 0.85 * 60 / 70.0);
    }

    [Fact]
    public void Couplets_are_two_ventricular_beats_in_a_row()
    {
        var (_, ecg) = Generate(new SyntheticEcgOptions { Seed = 6, HeartRateBpm = 80, EctopicProbability = 0.15, CoupletProbability = 0.5, VentricularEctopicScale = -1 }, 180);
        var kinds = ecg.BeatKinds;
        Enumerable.Range(1, kinds.Count - 1).Should().Contain(i => kinds[i] == SyntheticBeatKind.VentricularPremature && kinds[i - 1] == SyntheticBeatKind.VentricularPremature);
    }

    private static (int[] LeadII, SyntheticEcg Ecg) Generate(SyntheticEcgOptions options, double seconds)
    {
        var ecg = new SyntheticEcg(options);
        var total = (int)(seconds * options.SampleRateHz);
        var leads = Enumerable.Range(0, 12).Select(_ => new int[total]).ToArray();
        ecg.Next(total, leads);
        return (leads[1], ecg);
    }
}
