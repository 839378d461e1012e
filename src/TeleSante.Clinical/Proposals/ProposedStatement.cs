namespace TeleSante.Clinical.Proposals;

/// <summary>A machine-proposed rhythm statement ("Sinus bradycardia") with the evidence it rests on and the span it
/// was seen over.</summary>
public sealed record ProposedStatement(string Code, string Text, string Evidence, DateTimeOffset From, DateTimeOffset To);
