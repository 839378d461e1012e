using TeleSante.Analysis;
using TeleSante.Clinical.Proposals;

namespace TeleSante.Gateway.Clinical;

/// <summary>Rhythm statements and triage findings of an analysed span. Placeholder until RhythmProposer and TriageRules land.</summary>
internal static class EcgRhythmAndTriage
{
    public static (IReadOnlyList<ProposedStatement> Statements, IReadOnlyList<TriageFinding> Triage) Of(EcgLeadSpan span, BeatCollector detected, EcgWindowChoice.Chosen chosen)
    {
        _ = span;
        _ = detected;
        _ = chosen;
        return ([], []);
    }
}
