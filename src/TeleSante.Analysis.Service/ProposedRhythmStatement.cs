using TeleSante.Analysis.Rhythms;

namespace TeleSante.Analysis.Service;

/// <summary>
/// A rhythm statement the stream analysis proposed (<see cref="RhythmProposer"/> over a block of the stream's classified
/// beats, its AF windows and its unanalysable spans), timed on the device's clock.
/// </summary>
/// <param name="Code">The project's stable code (<see cref="RhythmStatementCode"/>: <c>sinus-rhythm</c>, <c>pause</c>, …).</param>
/// <param name="Display">English display text.</param>
/// <param name="SnomedCt">SNOMED CT concept id where one was verified; null otherwise (never guessed).</param>
/// <param name="StartNs">First beat of the span (a pause: the beat before it), ns since epoch.</param>
/// <param name="EndNs">Last beat of the span, ns since epoch.</param>
/// <param name="Evidence">The numbers it rests on, each with its UCUM unit.</param>
/// <param name="Provisional">A suggested-urgent statement proposed before its rhythm block closed
/// (<see cref="AnalysisServiceOptions.UrgentStatementDelaySeconds"/>): it may still grow; the same statement (same
/// <see cref="Id"/>) comes again, updated, and finally confirmed (false) when the block closes.</param>
public sealed record ProposedRhythmStatement(string Code, string Display, string? SnomedCt, long StartNs, long EndNs, IReadOnlyList<RhythmStatementEvidence> Evidence, bool Provisional = false)
{
    /// <summary>The statement's identity: its code and start, as in the store (the point's <c>code</c> tag and time), so
    /// that a provisional statement and its updates and confirmation are one episode, never two.</summary>
    public string Id => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Code}@{StartNs}");
}
