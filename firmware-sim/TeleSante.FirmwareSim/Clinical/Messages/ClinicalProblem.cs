namespace TeleSante.FirmwareSim.Clinical.Messages;

/// <summary>The gateway's problem document (RFC 9457) with the clinical refusal <c>code</c>.</summary>
public sealed record ClinicalProblem(string? Title, int? Status, string? Detail, string? Code);
