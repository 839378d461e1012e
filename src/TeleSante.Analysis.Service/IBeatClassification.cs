using TeleSante.Analysis;

namespace TeleSante.Analysis.Service;

/// <summary>
/// The seam for a beat classifier (N / S / V, issue 12 "beat classifier"): given a detected beat and the recent signal of
/// the stream's first lead, its class. Register one in the container and every stream uses it; without one, beats are
/// <see cref="BeatClass.Unknown"/>. Called on an analysis worker, one stream at a time per worker; must be thread-safe
/// across workers.
/// </summary>
public interface IBeatClassification
{
    /// <param name="beat">The beat (sample indexes count from the start of <paramref name="signal"/>'s stream run).</param>
    /// <param name="signal">The first lead, mV, the last samples up to the current one; <paramref name="signalStartSample"/> is the index of its first sample.</param>
    /// <param name="signalStartSample">Sample index of <paramref name="signal"/>[0].</param>
    /// <param name="sampleRateHz">Samples per second.</param>
    BeatClass Classify(in DetectedBeat beat, ReadOnlySpan<float> signal, long signalStartSample, double sampleRateHz);
}
