namespace TeleSante.Gateway.Health;

/// <param name="KeptSessions">Sessions of disconnected clients the embedded broker keeps (as of its last expiry sweep).</param>
/// <param name="ExpiredSessions">Sessions it deleted on expiry since start.</param>
internal sealed record BrokerHealth(string Mode, bool Up, int? Clients, int? KeptSessions = null, long? ExpiredSessions = null);
