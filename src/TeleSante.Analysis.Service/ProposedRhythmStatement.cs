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
/// <see cref="Id"/>) comes again, updated, and finally either confirmed (false) or withdrawn (<see cref="WithdrawnNs"/>)
/// when the block closes (at the latest when the stream ends, the analysis stops or fails).</param>
/// <param name="WithdrawnNs">Set when a provisional statement was withdrawn: the end of the signal analysed when it was
/// (device clock). Its span and evidence stay those of its
/// last provisional version, so the screen shows what was said and that it no longer stands.</param>
/// <param name="WithdrawnReason">Why it was withdrawn: <see cref="NotConfirmed"/> or <see cref="AnalysisFailed"/>; null
/// unless withdrawn.</param>
public sealed record ProposedRhythmStatement(
    string Code,
    string Display,
    string? SnomedCt,
    long StartNs,
    long EndNs,
    IReadOnlyList<RhythmStatementEvidence> Evidence,
    bool Provisional = false,
    long? WithdrawnNs = null,
    string? WithdrawnReason = null)
{
    /// <summary>Its block closed (its end reached, a gap, the stream ended or the gateway stopped) and the block's own
    /// statements, proposed on all the evidence the block had, do not include it.</summary>
    public const string NotConfirmed = "not-confirmed";

    /// <summary>The analysis of its stream failed before its block closed (logged; the stream's analysis starts afresh).</summary>
    public const string AnalysisFailed = "analysis-failed";

    /// <summary>The statement's identity: its code and start, as in the store (the point's <c>code</c> tag and time), so
    /// that a provisional statement and its updates and confirmation are one episode, never two.</summary>
    public string Id => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Code}@{StartNs}");

    /// <summary>True once withdrawn (never provisional then).</summary>
    public bool Withdrawn => WithdrawnNs is not null;

    /// <summary><c>provisional</c>, <c>confirmed</c> or <c>withdrawn</c>: what a screen says beside the statement.</summary>
    public string Status => Withdrawn ? "withdrawn" : Provisional ? "provisional" : "confirmed";

    /// <summary>This (provisional) statement, withdrawn at <paramref name="atNs"/> for <paramref name="reason"/>.</summary>
    public ProposedRhythmStatement WithdrawnAt(long atNs, string reason) => this with { Provisional = false, WithdrawnNs = atNs, WithdrawnReason = reason };
}
