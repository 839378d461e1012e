namespace TeleSante.Gateway.Health;

/// <param name="LiveRelay">Null when LiveView:Redis is not set (a single gateway).</param>
/// <param name="Analysis">Null when the analysis is not registered.</param>
/// <param name="Check">The background check the InfluxDB ping and dead-letter count come from; null before the first.</param>
internal sealed record HealthReport(string Status, InfluxHealth Influx, WalHealth Wal, BrokerHealth Mqtt, PipelineHealth Pipeline, LiveRelayHealth? LiveRelay, CheckHealth? Check, AnalysisHealth? Analysis = null);
