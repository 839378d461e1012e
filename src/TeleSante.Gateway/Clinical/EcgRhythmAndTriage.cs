using System.Globalization;
using TeleSante.Analysis;
using TeleSante.Analysis.Beats;
using TeleSante.Analysis.Rhythms;
using TeleSante.Analysis.Triage;
using TeleSante.Clinical.Proposals;
using ClinicalTriage = TeleSante.Clinical.Proposals.TriageFinding;

namespace TeleSante.Gateway.Clinical;

/// <summary>
/// Rhythm statements (<see cref="RhythmProposer"/>) and suggested-urgent findings (<see cref="TriageRules"/>) over the whole
/// analysed span, not only the measurement window: a pause, a run or a wide-QRS tachycardia is urgent wherever it is.
/// Times become instants of the recording. Each beat's QRS duration is measured on its own complex, on lead II (the
/// span's first lead without it) by <see cref="QrsDurationEstimator"/>, the same method as the stream analysis, so a run of
/// wide beats is found anywhere in the span (a median beat would hide a short run among narrow beats). One limit, stated:
/// no atrial-fibrillation classifier runs here (the ML.NET model is not loaded by this path), so "AF suspected" and its
/// fast-response rule are not proposed by it.
/// </summary>
internal sealed class EcgRhythmAndTriage(RhythmProposer proposer, TriageRules rules)
{
    public (IReadOnlyList<ProposedStatement> Statements, IReadOnlyList<ClinicalTriage> Triage) Of(EcgLeadSpan span, BeatCollector detected)
    {
        var lead = QrsLead(span);
        var estimator = new QrsDurationEstimator(span.SampleRateHz);
        var statements = proposer.Propose(detected.Beats, detected.Unanalysable, span.SampleRateHz, afWindows: null,
            qrsMs: b => b.Class == BeatClass.Q || b.SampleIndex > int.MaxValue ? null : estimator.MeasureMs(lead, (int)b.SampleIndex));
        var assessment = rules.Assess(statements);
        DateTimeOffset At(double seconds) => span.TimeOf((long)Math.Round(seconds * span.SampleRateHz));
        return (
            [.. statements.Select(s => new ProposedStatement(s.Code.Code, s.Code.Display, Evidence(s.Evidence), At(s.StartSeconds), At(s.EndSeconds)))],
            [.. assessment.Findings.Select(f => new ClinicalTriage(f.Rule.ToString(), f.Description, At(f.StartSeconds)))]);
    }

    private static float[] QrsLead(EcgLeadSpan span)
    {
        var index = Math.Max(0, span.LeadLabels.ToList().IndexOf("II"));
        var samples = new float[span.FrameCount];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = span.Frames[(i * span.Leads) + index];
        }

        return samples;
    }

    private static string Evidence(IReadOnlyList<RhythmStatementEvidence> evidence) =>
        string.Join(", ", evidence.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Name.Replace('_', ' ')} {e.Value:0.##} {e.Unit}")));
}
