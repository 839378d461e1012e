using TeleSante.Analysis.Rhythms;

namespace TeleSante.Analysis.Triage;

/// <summary>One suggested-urgent finding, with the statement it comes from and the numbers that crossed the limit.</summary>
/// <param name="Rule">Which rule fired.</param>
/// <param name="Description">One line for the worklist, with the value and the limit (e.g. "Pause of 3.4 s (limit 3 s)").</param>
/// <param name="StartSeconds">Start of the finding, seconds from the start of the analysed signal.</param>
/// <param name="EndSeconds">End of the finding.</param>
/// <param name="Evidence">The statement's evidence.</param>
/// <param name="Statement">The rhythm statement the finding rests on.</param>
public sealed record TriageFinding(TriageRule Rule, string Description, double StartSeconds, double EndSeconds, IReadOnlyList<RhythmStatementEvidence> Evidence, RhythmStatement Statement);
