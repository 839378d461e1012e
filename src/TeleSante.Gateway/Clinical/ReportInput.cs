namespace TeleSante.Gateway.Clinical;

/// <summary>POST /api/clinical/requests/{id}/report: the ECG findings the accepting specialist signs.
/// <see cref="FollowUp"/> is None, Routine, Soon or Immediate. <see cref="Statements"/>: the rhythm statements signed, compared with the
/// proposed ones (issue 12); omitted, they are not reviewed.</summary>
internal sealed record ReportInput(string Rhythm, int RateBpm, int? PrMs, int? QrsMs, int? QtMs, int? QtcMs, int? AxisDegrees, string Conclusion,
    string FollowUp, string? FreeText, IReadOnlyList<string>? Statements = null);
