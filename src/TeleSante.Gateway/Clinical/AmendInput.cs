namespace TeleSante.Gateway.Clinical;

/// <summary>POST /api/clinical/requests/{id}/amend: a corrected report (the fields of <see cref="ReportInput"/>) and why it is corrected.
/// It becomes a new signed version; the earlier ones are kept as they were.</summary>
internal sealed record AmendInput(string? Reason, string Rhythm, int RateBpm, int? PrMs, int? QrsMs, int? QtMs, int? QtcMs, int? AxisDegrees, string Conclusion,
    string FollowUp, string? FreeText, IReadOnlyList<string>? Statements = null);
