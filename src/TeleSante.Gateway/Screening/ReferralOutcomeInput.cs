namespace TeleSante.Gateway.Screening;

public sealed record ReferralOutcomeInput(DateOnly SeenOn, string ClinicOutcome);
