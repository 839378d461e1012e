namespace TeleSante.Gateway.Health;

internal sealed record HealthReport(string Status, InfluxHealth Influx, WalHealth Wal, BrokerHealth Mqtt, PipelineHealth Pipeline);
