using TeleSante.Analysis.Noise;
using TeleSante.Analysis.Scoring;
using TeleSante.Signal.Wfdb;
using TeleSante.CommandLine;

namespace TeleSante.Analysis.Tool;

/// <summary>A WFDB record's leads in mV and its reference beats, with noise added when asked.</summary>
internal sealed class RecordInput
{
    private RecordInput(WfdbRecord record, IReadOnlyList<ScoredBeat> reference)
    {
        Record = record;
        Reference = reference;
    }

    public WfdbRecord Record { get; }

    public IReadOnlyList<ScoredBeat> Reference { get; }

    public double Rate => Record.SamplingFrequency;

    /// <param name="path">The record without extension (data/ecg/100).</param>
    /// <param name="annotator">The reference annotator (atr), or null for a record without annotations.</param>
    public static RecordInput Load(string path, string? annotator)
    {
        var record = WfdbRecord.Read(path + ".hea");
        var reference = annotator is null ? [] : Ec57.Beats(WfdbAnnotations.Read($"{path}.{annotator}", record.SamplingFrequency));
        return new RecordInput(record, reference);
    }

    public double[] Lead(int lead)
    {
        if (lead < 0 || lead >= Record.Signals.Count)
        {
            throw new UsageException($"--lead {lead}: the record has leads 0..{Record.Signals.Count - 1}");
        }

        var values = new double[Record.SampleCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Record.ToPhysical(lead, i);
        }

        return values;
    }

    public IReadOnlyList<long> NormalBeats() => Reference.Where(b => b.Class == BeatClass.N).Select(b => b.SampleIndex).ToList();

    public NoisyRecord AddNoise(double[] lead, NoiseKind kind, double snrDb, int seed, NoiseProtocol protocol) =>
        NoiseStressTest.Apply(lead, NormalBeats(), Rate, kind, snrDb, seed, protocol);

    public static float[] Interleave(IReadOnlyList<double[]> leads)
    {
        var length = leads[0].Length;
        var frames = new float[length * leads.Count];
        for (var i = 0; i < length; i++)
        {
            for (var l = 0; l < leads.Count; l++)
            {
                frames[(i * leads.Count) + l] = (float)leads[l][i];
            }
        }

        return frames;
    }
}
