namespace TeleSante.Analysis.Service;

/// <summary>What the analysis of one or more accepted batches of a stream produced.</summary>
/// <param name="SessionId">Consultation session.</param>
/// <param name="DeviceId">Device whose ECG was analysed.</param>
/// <param name="FromNs">Start of the signal this result covers.</param>
/// <param name="ToNs">End (exclusive) of the signal this result covers.</param>
/// <param name="Beats">Beats reported now. With the beat model, a beat is reported once classified: when the next beat
/// is detected and the noise marker has judged the second holding it (typically 1–2 s after its peak); without it,
/// about 0.2 s after its peak (later during the detector's learning).</param>
/// <param name="Rate">The rate after these beats; null when no new beat or too few intervals since the last gap.</param>
/// <param name="Rhythms">AF windows completed now.</param>
/// <param name="NotAnalysed">Spans not analysed, reported now (an open one is reported on every result while it lasts).</param>
/// <param name="Statements">Rhythm statements proposed now (at the end of a rhythm block, a gap or the stream).</param>
public sealed record AnalysisResult(
    string SessionId,
    string DeviceId,
    long FromNs,
    long ToNs,
    IReadOnlyList<AnalysedBeat> Beats,
    RateEstimate? Rate,
    IReadOnlyList<RhythmEpisode> Rhythms,
    IReadOnlyList<NotAnalysedSpan> NotAnalysed,
    IReadOnlyList<ProposedRhythmStatement> Statements)
{
    /// <summary>Nothing to store or show.</summary>
    public bool IsEmpty => Beats.Count == 0 && Rate is null && Rhythms.Count == 0 && NotAnalysed.Count == 0 && Statements.Count == 0;
}
