using Microsoft.Extensions.Options;
using TeleSante.Analysis.Service;
using TeleSante.Gateway.Mqtt;
using TeleSante.Ingestion;
using TeleSante.Ingestion.Wal;
using TeleSante.LiveView.Internal;

namespace TeleSante.Gateway.Health;

internal static class HealthEndpoints
{
    /// <summary>
    /// GET /health: InfluxDB, write-ahead log and broker state. 200 "ok"; 200 "degraded" while InfluxDB
    /// is unreachable but the log still has room (data is safe, forwarding is behind); 503 "failing"
    /// when the log is full (new data is being refused) or the external broker is disconnected.
    /// It never waits on I/O: counters are read from memory, the InfluxDB ping and the dead-letter count
    /// come from <see cref="HealthMonitor"/>'s last check, whose age is in the answer; a check older than
    /// Health:StaleAfter makes the status "degraded" (issue 14: /health stopped answering under load).
    /// </summary>
    public static IEndpointRouteBuilder MapTeleSanteHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", (
            WriteAheadLog wal,
            ForwarderStatus forwarder,
            IngestionPipeline pipeline,
            HealthMonitor monitor,
            TimeProvider time,
            IOptions<WalOptions> walOptions,
            IOptions<MqttOptions> mqtt,
            IOptions<HealthOptions> healthOptions,
            IServiceProvider services) =>
        {
            var mqttMode = mqtt.Value.Mode;
            var embedded = mqttMode == MqttMode.Embedded ? services.GetService<EmbeddedMqttBroker>() : null;
            var external = mqttMode == MqttMode.External ? services.GetService<ExternalBrokerSubscriber>() : null;
            var brokerUp = mqttMode switch
            {
                MqttMode.Embedded => embedded?.IsRunning == true,
                MqttMode.External => external?.IsConnected == true,
                _ => true,
            };

            var outbox = services.GetService<LiveRelayOutbox>();
            var relay = outbox is { Enabled: true } ? services.GetService<RedisLiveRelay>() : null;
            var check = monitor.Last;
            var age = check is null ? TimeSpan.Zero : time.GetUtcNow() - check.At;
            var stale = age > healthOptions.Value.StaleAfter;
            // Unreachable when the forwarder's writes fail or the last ping did: a write can wait the full
            // Influx:RequestTimeout before failing, the ping at most Health:InfluxPingTimeout.
            var influxReachable = forwarder.InfluxReachable && check?.InfluxReachable != false;
            var influxError = forwarder.LastError is null && check is { InfluxReachable: false } ? check.InfluxError : forwarder.LastError;
            var state = wal.IsFull || !brokerUp ? "failing" : influxReachable && !stale ? "ok" : "degraded";
            var body = new HealthReport(
                state,
                new InfluxHealth(influxReachable, influxError, forwarder.LastSuccess, forwarder.ConsecutiveFailures, forwarder.ForwardedRecords, Math.Max(0, wal.LastSequence - forwarder.ForwardedSequence)),
                new WalHealth(wal.SizeBytes, walOptions.Value.DiskBudgetBytes, wal.SegmentCount, wal.LastSequence, wal.ConfirmedSequence, wal.IsFull, wal.FsyncCount),
                new BrokerHealth(mqttMode.ToString(), brokerUp, embedded?.ConnectedClients, embedded?.KeptSessions, embedded?.ExpiredSessions),
                new PipelineHealth(pipeline.AcceptedCount, pipeline.DuplicateCount, pipeline.RejectedCount, check?.DeadLetters),
                relay is null ? null : new LiveRelayHealth(relay.IsConnected, relay.IsSubscribed, relay.Published, relay.Received, outbox!.Dropped),
                check is null ? null : new CheckHealth(check.At, (long)age.TotalMilliseconds, (long)check.Duration.TotalMilliseconds, stale),
                services.GetService<AnalysisStatus>() is { } a
                    ? new AnalysisHealth(services.GetRequiredService<IOptions<AnalysisServiceOptions>>().Value.Enabled, a.Streams, a.Queued, a.BatchesAnalysed, a.Beats, a.BatchesSkipped, a.BatchesFailed, a.BatchesOutOfOrder, a.Gaps, a.PointsStored, a.StoreFailures, a.StoreRefused)
                    : null);
            return Results.Json(body, statusCode: state == "failing" ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
        });
        return app;
    }
}
