using TeleSante.Clinical.Screening;

namespace TeleSante.Clinical.Store.Screening;

/// <summary>What the dashboard reads of a visit.</summary>
internal sealed record VisitRow(string SiteId, GradingStage Stage, ScreeningOutcome? Outcome, string? FinalRight, string? FinalLeft, DateTimeOffset RegisteredAt,
    DateTimeOffset? FinalAt);
