namespace TeleSante.LiveView.Tests.Infrastructure;

/// <summary>A rhythm statement as stored and read back by the REST endpoint (<see cref="LiveStatements.StoredAsync"/>).</summary>
internal sealed record StoredStatement(string Code, string Id, long StartNs, long EndNs, string Status, bool Provisional, long? WithdrawnNs, string? WithdrawnReason);
