namespace TeleSante.Storage;

/// <summary>
/// Contiguous samples of one channel as stored: physical value = (sample - Baseline) / Gain in Unit.
/// Sample i was taken at StartTimeNs + i × 1e9 / SampleRateHz.
/// </summary>
public sealed record WaveformSegment(long StartTimeNs, double SampleRateHz, double Gain, int Baseline, string Unit, int[] Samples);
