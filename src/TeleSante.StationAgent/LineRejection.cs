namespace TeleSante.StationAgent;

/// <summary>The agent's verdict on a line it refused: the reason and a detail naming the offending part.</summary>
public readonly record struct LineRejection(LineRejectionReason Reason, string Detail);
