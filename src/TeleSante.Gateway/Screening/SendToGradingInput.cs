namespace TeleSante.Gateway.Screening;

/// <summary>Sending a visit to grading; the reason is required when a field is missing or ungradable.</summary>
internal sealed record SendToGradingInput(string? IncompleteReason);
