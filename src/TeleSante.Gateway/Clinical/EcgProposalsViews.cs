using TeleSante.Clinical.Proposals;

namespace TeleSante.Gateway.Clinical;

/// <summary>JSON shapes of the proposals and of a report's review (enums as their names, like <see cref="ClinicalViews"/>).</summary>
internal static class EcgProposalsViews
{
    public static object Proposals(EcgProposals p) => new
    {
        p.RequestId, Status = p.Status.ToString(), p.NotComputedReason, p.ComputedAt, p.DeviceId, p.AnalysedFrom, p.AnalysedTo, p.WindowFrom, p.WindowTo,
        p.WindowChoice, p.Values, p.Statements, p.Triage,
    };

    public static object? Review(ReportReview? review) => review is null ? null : new
    {
        Values = review.Values.Select(v => new { v.Key, v.Unit, v.Proposed, v.Final, Decision = v.Decision.ToString() }),
        Statements = review.Statements.Select(s => new { s.Text, Decision = s.Decision.ToString() }),
    };
}
