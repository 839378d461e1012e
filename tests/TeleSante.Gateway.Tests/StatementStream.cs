using TeleSante.Analysis.Rhythms;
using TeleSante.Analysis.Service;
using TeleSante.Analysis.Service.Internal;
using TeleSante.Analysis.Triage;
using TeleSante.Signal.Synthesis;
using TeleSante.Testing;

namespace TeleSante.Gateway.Tests;

/// <summary>
/// One generated ECG stream through a <see cref="StreamAnalyser"/> as the gateway runs it (beat model, no AF model), in
/// batches of half a second: what the rhythm statement tests share. Each statement is kept with the stream time the
/// analyser had been given when it came out.
/// </summary>
internal sealed class StatementStream
{
    public const double BatchSeconds = 0.5;
    public const long StartNs = 1_800_000_000_000_000_000L;

    private int _next;

    private StatementStream(StreamAnalyser analyser, List<EcgChunk> chunks)
    {
        Analyser = analyser;
        Chunks = chunks;
    }

    public StreamAnalyser Analyser { get; }

    public List<EcgChunk> Chunks { get; }

    public List<(double SentSeconds, ProposedRhythmStatement Statement)> Statements { get; } = [];

    public List<AnalysedBeat> Beats { get; } = [];

    /// <param name="signal">The generated ECG (its rate is <paramref name="rate"/>).</param>
    /// <param name="seconds">Stream length (whole batches).</param>
    public static StatementStream Create(int leads, double rate, SyntheticEcgOptions signal, double seconds, AnalysisServiceOptions options, TriageRules? triage = null, string deviceId = "ecg-statements")
    {
        var recorder = TestEcg.Recorder(deviceId, "cons-statements", StartNs, leads, rate, chunkSamples: (int)(rate * BatchSeconds), signal: signal with { SampleRateHz = rate });
        var batches = TestEcg.Batches(recorder, (int)Math.Round(seconds / BatchSeconds));
        var first = batches[0].Waveforms[0];
        var analyser = new StreamAnalyser(batches[0].SessionId, batches[0].DeviceId, first.SampleRateHz, [.. first.Channels.Select(c => c.MdcCode)],
            options, af: null, EcgStreamAnalysisTests.BeatModel.Value, triage);
        return new StatementStream(analyser, [.. batches.Select(b => new EcgChunk(b.Waveforms[0], [.. b.Waveforms[0].Channels]))]);
    }

    /// <summary>Analyses the first <paramref name="count"/> chunks not analysed yet (all of them by default).</summary>
    public StatementStream Analyse(int? count = null)
    {
        var from = _next;
        var to = count is { } n ? Math.Min(Chunks.Count, from + n) : Chunks.Count;
        for (; _next < to; _next++)
        {
            Take(_next + 1, Analyser.Analyse(Chunks[_next], out _));
        }

        return this;
    }

    /// <summary>The end of the stream: the analyser is flushed (its last block proposed).</summary>
    public StatementStream Finish()
    {
        Take(_next, Analyser.Finish());
        return this;
    }

    /// <summary>Stream time analysed so far, s.</summary>
    public double AnalysedSeconds => _next * BatchSeconds;

    /// <summary>Every version sent of the statements of <paramref name="code"/>, in order.</summary>
    public List<(double SentSeconds, ProposedRhythmStatement Statement)> Of(RhythmStatementCode code) => [.. Statements.Where(s => s.Statement.Code == code.Code)];

    /// <summary>The last version sent of each statement (by id).</summary>
    public List<ProposedRhythmStatement> Latest() => [.. Statements.GroupBy(s => s.Statement.Id).Select(g => g.Last().Statement)];

    public static double Seconds(long ns) => (ns - StartNs) / 1e9;

    public static string Text(ProposedRhythmStatement s) =>
        $"{s.Code} {Seconds(s.StartNs):0.0}-{Seconds(s.EndNs):0.0} s {s.Status} id={s.Id} [{string.Join(", ", s.Evidence.Select(e => $"{e.Name} {e.Value:0.#}"))}]";

    private void Take(int chunksDone, AnalysisResult result)
    {
        Statements.AddRange(result.Statements.Select(s => (chunksDone * BatchSeconds, s)));
        Beats.AddRange(result.Beats);
    }
}
