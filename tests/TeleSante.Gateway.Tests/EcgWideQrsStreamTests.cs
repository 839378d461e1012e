using Xunit.Abstractions;
using TeleSante.Analysis.Rhythms;
using TeleSante.Analysis.Service;
using TeleSante.Signal.Synthesis;

namespace TeleSante.Gateway.Tests;

/// <summary>Issue 12: the stream measures each beat's QRS and proposes wide-QRS tachycardia (rate &gt; 100, QRS &gt;= 120 ms,
/// 3 beats or more) with its evidence, for the firmware simulator's ventricular tachycardia and not for a narrow sinus
/// tachycardia at the same rate; 12-lead 500 Hz and 1-lead 250 Hz, with the beat model as in the gateway.</summary>
public sealed class EcgWideQrsStreamTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(12, 500)]
    [InlineData(1, 250)]
    public void Ventricular_tachycardia_is_proposed_as_wide_QRS_tachycardia_and_sinus_tachycardia_at_the_same_rate_is_not(int leads, double rate)
    {
        var vt = Analyse(leads, rate, Rhythm.VentricularTachycardia, out var vtBeats);
        var sinus = Analyse(leads, rate, Rhythm.Sinus, out var sinusBeats);
        output.WriteLine($"VT: {string.Join("; ", vt.Select(StatementStream.Text))}");
        output.WriteLine($"sinus: {string.Join("; ", sinus.Select(StatementStream.Text))}");
        output.WriteLine($"VT beats: {vtBeats.Count}, classes {string.Join(", ", vtBeats.GroupBy(b => b.Class).Select(g => $"{g.Key} {g.Count()}"))}, QRS {string.Join(" ", vtBeats.Take(20).Select(b => b.QrsMs?.ToString("0") ?? "-"))}");

        var wide = vt.Where(s => s.Code == RhythmStatementCode.WideQrsTachycardia.Code).ToList();
        wide.Should().NotBeEmpty();
        wide.Sum(s => s.EndNs - s.StartNs).Should().BeGreaterThan(20_000_000_000, "most of the 30 s (after the detector's learning)");
        foreach (var s in wide)
        {
            s.Display.Should().Be("Wide-QRS tachycardia");
            Evidence(s, RhythmStatementEvidence.MeanQrsMs).Should().BeGreaterThanOrEqualTo(120);
            Evidence(s, RhythmStatementEvidence.VentricularRateBpm).Should().BeApproximately(140, 6);
        }

        // Single beats on one lead: an odd complex may measure short (it then splits the statement, never makes one).
        var measured = vtBeats.Where(b => b.QrsMs is not null).ToList();
        measured.Should().HaveCountGreaterThan(50);
        measured.Count(b => b.QrsMs >= 120).Should().BeGreaterThanOrEqualTo((int)(0.95 * measured.Count));
        vt.Should().NotContain(s => s.Code == RhythmStatementCode.SinusTachycardia.Code || s.Code == RhythmStatementCode.SinusRhythm.Code,
            "a wide-QRS tachycardia's origin is not guessed (its beats are classed N against their own template)");
        sinus.Should().NotContain(s => s.Code == RhythmStatementCode.WideQrsTachycardia.Code);
        sinus.Should().Contain(s => s.Code == RhythmStatementCode.SinusTachycardia.Code);
        sinusBeats.Where(b => b.QrsMs is not null).Should().HaveCountGreaterThan(50).And.OnlyContain(b => b.QrsMs < 120);
    }

    // 30 s of the rhythm at 140/min in one 60 s block: every version of every statement sent, to the end of the stream.
    private static List<ProposedRhythmStatement> Analyse(int leads, double rate, Rhythm rhythm, out List<AnalysedBeat> beats)
    {
        var signal = new SyntheticEcgOptions { HeartRateBpm = 140, Rhythm = rhythm, BaselineWanderMv = 0.05, MainsMv = 0.01, MuscleNoiseMv = 0.005, Seed = 11 };
        var stream = StatementStream.Create(leads, rate, signal, 30, new AnalysisServiceOptions { AfModelPath = string.Empty, RhythmBlockSeconds = 60 }, deviceId: $"ecg-{rhythm}")
            .Analyse().Finish();
        beats = stream.Beats;
        return [.. stream.Statements.Select(s => s.Statement)];
    }

    private static double Evidence(ProposedRhythmStatement s, string name) => s.Evidence.Single(e => e.Name == name).Value;
}
