using TeleSante.Clinical.Reports;

namespace TeleSante.Clinical.Proposals;

/// <summary>
/// How a signed report version relates to the machine proposals (issue 12): for each value the proposal, the final value
/// and whether it was accepted or changed; for the rhythm statements which were kept, removed or added. Stored with the
/// version it reviews and, like it, never changed afterwards; an amendment gets its own review against the same proposals.
/// </summary>
public sealed record ReportReview(IReadOnlyList<ValueReview> Values, IReadOnlyList<StatementReview> Statements)
{
    /// <summary>The report fields that have a proposal, and the proposal they are compared with. The form's QTc is
    /// labelled Bazett, so the signed QTc is compared with the Bazett proposal.</summary>
    private static readonly (string Key, Func<EcgFindings, int?> Final)[] Fields =
    [
        ("rate", f => f.RateBpm), ("pr", f => f.PrMs), ("qrs", f => f.QrsMs), ("qt", f => f.QtMs), ("qtcBazett", f => f.QtcMs), ("qrsAxis", f => f.AxisDegrees),
    ];

    /// <summary>Compares <paramref name="findings"/> with <paramref name="proposals"/>; null when nothing was proposed
    /// (no proposals stored, or not computed): then nothing is machine-proposed and the report is the specialist's alone.</summary>
    /// <param name="statements">The rhythm statements signed; null when the client did not review statements (they are then not compared).</param>
    public static ReportReview? Of(EcgProposals? proposals, EcgFindings findings, IReadOnlyList<string>? statements)
    {
        ArgumentNullException.ThrowIfNull(findings);
        if (proposals is not { Status: ProposalStatus.Computed })
        {
            return null;
        }

        var values = new List<ValueReview>();
        foreach (var (key, final) in Fields)
        {
            if (proposals.Value(key) is not { } proposed)
            {
                continue;
            }

            // The form shows whole units: a proposal kept as shown is accepted.
            double? shown = proposed.Value is { } v ? Math.Round(v, MidpointRounding.AwayFromZero) : null;
            double? signed = final(findings);
            var decision = (shown, signed) switch
            {
                (null, null) => (ReviewDecision?)null,
                (null, _) => ReviewDecision.Added,
                (_, null) => ReviewDecision.Removed,
                _ => shown == signed ? ReviewDecision.Accepted : ReviewDecision.Changed,
            };
            if (decision is { } d)
            {
                values.Add(new ValueReview(key, proposed.Unit, proposed.Value, signed, d));
            }
        }

        var reviewed = new List<StatementReview>();
        if (statements is not null)
        {
            var kept = statements.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
            var proposedTexts = proposals.Statements.Select(s => s.Text).Distinct(StringComparer.Ordinal).ToList();
            reviewed.AddRange(proposedTexts.Select(t => new StatementReview(t, kept.Contains(t, StringComparer.Ordinal) ? ReviewDecision.Accepted : ReviewDecision.Removed)));
            reviewed.AddRange(kept.Where(s => !proposedTexts.Contains(s, StringComparer.Ordinal)).Select(s => new StatementReview(s, ReviewDecision.Added)));
        }

        return new ReportReview(values, reviewed);
    }
}
