using TeleSante.Contracts.V1;

namespace TeleSante.Analysis.Service.Internal;

/// <summary>The ECG channels of one waveform chunk (a chunk may also carry other signals, which are not analysed).</summary>
internal readonly record struct EcgChunk(WaveformChunk Chunk, WaveformChannel[] Leads)
{
    public long StartNs => Chunk.StartTimeNs;

    public int SampleCount => Leads[0].Samples.Count;

    public long EndNs => Chunk.StartTimeNs + (long)Math.Round(SampleCount * 1e9 / Chunk.SampleRateHz);
}
