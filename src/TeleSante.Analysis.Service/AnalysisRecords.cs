namespace TeleSante.Analysis.Service;

/// <summary>The stored analysis of one device's ECG in a session over a time range (GET .../ecg/analysis).</summary>
public sealed record AnalysisRecords(
    string DeviceId,
    IReadOnlyList<AnalysedBeat> Beats,
    IReadOnlyList<RateEstimate> Rates,
    IReadOnlyList<RhythmEpisode> Rhythms,
    IReadOnlyList<NotAnalysedSpan> NotAnalysed,
    IReadOnlyList<ProposedRhythmStatement> Statements);
