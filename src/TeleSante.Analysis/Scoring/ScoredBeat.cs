namespace TeleSante.Analysis.Scoring;

/// <summary>A beat to compare: where it is (sample index) and its class (reference annotation or detector output).</summary>
public readonly record struct ScoredBeat(long SampleIndex, BeatClass Class);
