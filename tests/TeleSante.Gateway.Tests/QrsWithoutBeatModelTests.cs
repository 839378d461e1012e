using TeleSante.Analysis;
using TeleSante.Analysis.Rhythms;
using TeleSante.Analysis.Service;
using TeleSante.Analysis.Service.Internal;
using TeleSante.Contracts.V1;
using TeleSante.Signal.Synthesis;
using TeleSante.Testing;
using Xunit.Abstractions;

namespace TeleSante.Gateway.Tests;

/// <summary>Issue 12: a gateway started without a beat model file (<c>Analysis:BeatModelPath</c> empty) still measures each
/// beat's QRS duration (signal processing, not ML) and still proposes wide-QRS tachycardia; its beats are Unknown, and a
/// QRS that cannot be measured is missing (null), never 0.</summary>
public sealed class QrsWithoutBeatModelTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(Rhythm.Sinus, 12, 500)]
    [InlineData(Rhythm.VentricularTachycardia, 12, 500)]
    [InlineData(Rhythm.VentricularTachycardia, 1, 250)]
    public void Without_a_beat_model_each_beat_still_has_its_QRS_duration(Rhythm rhythm, int leads, double rate)
    {
        var start = 1_800_000_000_000_000_000L;
        var signal = new SyntheticEcgOptions { SampleRateHz = rate, HeartRateBpm = rhythm == Rhythm.Sinus ? 75 : 140, Rhythm = rhythm, BaselineWanderMv = 0.05, MainsMv = 0.01, MuscleNoiseMv = 0.005, Seed = 31 };
        var recorder = TestEcg.Recorder("ecg-nomodel", "cons-nomodel", start, leads, rate, chunkSamples: (int)(rate / 2), signal: signal);
        var batches = TestEcg.Batches(recorder, 40); // 20 s
        var first = batches[0].Waveforms[0];
        var analyser = new StreamAnalyser(batches[0].SessionId, batches[0].DeviceId, first.SampleRateHz, [.. first.Channels.Select(c => c.MdcCode)],
            new AnalysisServiceOptions { AfModelPath = string.Empty, BeatModelPath = string.Empty, RhythmBlockSeconds = 60 }, af: null, classifier: null);
        var beats = new List<AnalysedBeat>();
        var statements = new List<ProposedRhythmStatement>();
        foreach (var batch in batches)
        {
            var result = analyser.Analyse(new EcgChunk(batch.Waveforms[0], [.. batch.Waveforms[0].Channels]), out _);
            beats.AddRange(result.Beats);
            statements.AddRange(result.Statements);
        }

        var last = analyser.Finish();
        beats.AddRange(last.Beats);
        statements.AddRange(last.Statements);
        var measured = beats.Where(b => b.QrsMs is not null).Select(b => b.QrsMs!.Value).ToList();
        output.WriteLine($"{rhythm}: {beats.Count} beats, {measured.Count} with QRS, {measured.Min():0}..{measured.Max():0} ms; {string.Join(", ", statements.Select(s => s.Code))}");

        beats.Should().HaveCountGreaterThan(15).And.OnlyContain(b => b.Class == BeatClass.Unknown, "no model, no class");
        measured.Should().HaveCountGreaterThanOrEqualTo(beats.Count - 2, "the QRS is measured on the signal, model or not");
        measured.Should().OnlyContain(q => q > 0, "a QRS not measured is null, never 0");
        if (rhythm == Rhythm.Sinus)
        {
            measured.Should().OnlyContain(q => q < 120);
        }
        else
        {
            measured.Count(q => q >= 120).Should().BeGreaterThanOrEqualTo((int)(0.95 * measured.Count));
            statements.Should().Contain(s => s.Code == RhythmStatementCode.WideQrsTachycardia.Code);
        }
    }
}
