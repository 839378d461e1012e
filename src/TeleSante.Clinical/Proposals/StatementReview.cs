namespace TeleSante.Clinical.Proposals;

/// <summary>One rhythm statement: proposed and kept (accepted), proposed and left out (removed), or added by the specialist.</summary>
public sealed record StatementReview(string Text, ReviewDecision Decision);
