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
public sealed record ProposedRhythmStatement(string Code, string Display, string? SnomedCt, long StartNs, long EndNs, IReadOnlyList<RhythmStatementEvidence> Evidence);
