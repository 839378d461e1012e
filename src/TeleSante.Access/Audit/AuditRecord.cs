namespace TeleSante.Access.Audit;

/// <summary>A stored audit entry with its position and the hash chaining it to its predecessor.</summary>
public sealed record AuditRecord(long Id, DateTimeOffset At, AuditEntry Entry, string Hash);
