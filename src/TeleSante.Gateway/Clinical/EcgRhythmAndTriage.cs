using System.Globalization;
using TeleSante.Analysis;
using TeleSante.Analysis.Rhythms;
using TeleSante.Analysis.Triage;
using TeleSante.Clinical.Proposals;
using ClinicalTriage = TeleSante.Clinical.Proposals.TriageFinding;

namespace TeleSante.Gateway.Clinical;

/// <summary>
/// Rhythm statements (<see cref="RhythmProposer"/>) and suggested-urgent findings (<see cref="TriageRules"/>) over the whole
/// analysed span, not only the measurement window: a pause or a run is urgent wherever it is. Times become instants of the
/// recording. Two limits, stated: the QRS duration is known only for the beats of the measured window (the median beat's),
/// so wide-QRS tachycardia is only found there; and no atrial-fibrillation classifier runs here (the ML.NET model is not
/// loaded by the gateway yet), so "AF suspected" and its fast-response rule are not proposed by this path.
/// </summary>
internal sealed class EcgRhythmAndTriage(RhythmProposer proposer, TriageRules rules)
{
    public (IReadOnlyList<ProposedStatement> Statements, IReadOnlyList<ClinicalTriage> Triage) Of(EcgLeadSpan span, BeatCollector detected, EcgWindowChoice.Chosen chosen)
    {
        var windowQrs = chosen.Measurements.QrsMs.Value;
        var statements = proposer.Propose(detected.Beats, detected.Unanalysable, span.SampleRateHz, afWindows: null,
            qrsMs: b => b.SampleIndex >= chosen.StartFrame && b.SampleIndex < chosen.StartFrame + chosen.Frames ? windowQrs : null);
        var assessment = rules.Assess(statements);
        DateTimeOffset At(double seconds) => span.TimeOf((long)Math.Round(seconds * span.SampleRateHz));
        return (
            [.. statements.Select(s => new ProposedStatement(s.Code.Code, s.Code.Display, Evidence(s.Evidence), At(s.StartSeconds), At(s.EndSeconds)))],
            [.. assessment.Findings.Select(f => new ClinicalTriage(f.Rule.ToString(), f.Description, At(f.StartSeconds)))]);
    }

    private static string Evidence(IReadOnlyList<RhythmStatementEvidence> evidence) =>
        string.Join(", ", evidence.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Name.Replace('_', ' ')} {e.Value:0.##} {e.Unit}")));
}
