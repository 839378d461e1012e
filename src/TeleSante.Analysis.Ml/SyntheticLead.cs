using TeleSante.Signal.Synthesis;

namespace TeleSante.Analysis.Ml;

/// <summary>One lead of a generated 12-lead ECG in mV, with the generator's true beats (times and kinds).</summary>
/// <param name="Signal">The lead, mV.</param>
/// <param name="Beats">Sample index of each true R peak inside the signal.</param>
/// <param name="Kinds">The kind of each of <paramref name="Beats"/>.</param>
public sealed record SyntheticLead(double[] Signal, long[] Beats, SyntheticBeatKind[] Kinds)
{
    /// <summary>Generates <paramref name="seconds"/> of <paramref name="options"/>' ECG and keeps lead <paramref name="lead"/>.</summary>
    public static SyntheticLead Generate(SyntheticEcgOptions options, double seconds, int lead)
    {
        ArgumentNullException.ThrowIfNull(options);
        var generator = new SyntheticEcg(options);
        var length = (int)(seconds * options.SampleRateHz);
        var leads = new int[SyntheticEcg.Leads.Count][];
        for (var l = 0; l < leads.Length; l++)
        {
            leads[l] = new int[length];
        }

        generator.Next(length, leads);
        var signal = new double[length];
        for (var i = 0; i < length; i++)
        {
            signal[i] = leads[lead][i] / options.GainAduPerMv;
        }

        var beats = new List<long>();
        var kinds = new List<SyntheticBeatKind>();
        for (var b = 0; b < generator.RPeakTimes.Count; b++)
        {
            var at = (long)Math.Round(generator.RPeakTimes[b] * options.SampleRateHz);
            if (at >= 0 && at < length)
            {
                beats.Add(at);
                kinds.Add(generator.BeatKinds[b]);
            }
        }

        return new SyntheticLead(signal, [.. beats], [.. kinds]);
    }
}
