namespace TeleSante.Gateway.Health;

/// <param name="LiveRelay">Null when LiveView:Redis is not set (a single gateway).</param>
internal sealed record HealthReport(string Status, InfluxHealth Influx, WalHealth Wal, BrokerHealth Mqtt, PipelineHealth Pipeline, LiveRelayHealth? LiveRelay);
