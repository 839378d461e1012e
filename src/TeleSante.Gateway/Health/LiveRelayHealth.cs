namespace TeleSante.Gateway.Health;

/// <summary>The live-view relay between gateways (LiveView:Redis). It never affects the status: while it
/// is down, ingestion and local viewers go on; only viewers of other gateways' devices lose their trace.</summary>
internal sealed record LiveRelayHealth(bool Connected, bool Subscribed, long Published, long Received, long Dropped);
