namespace TeleSante.Gateway.Health;

internal sealed record BrokerHealth(string Mode, bool Up, int? Clients);
