using Microsoft.Extensions.Options;
using TeleSante.Gateway.Mqtt;
using TeleSante.Ingestion;
using TeleSante.Ingestion.DeadLetters;
using TeleSante.Ingestion.Wal;
using TeleSante.LiveView.Internal;

namespace TeleSante.Gateway.Health;

internal static class HealthEndpoints
{
    /// <summary>
    /// GET /health: InfluxDB, write-ahead log and broker state. 200 "ok"; 200 "degraded" while InfluxDB
    /// is unreachable but the log still has room (data is safe, forwarding is behind); 503 "failing"
    /// when the log is full (new data is being refused) or the external broker is disconnected.
    /// </summary>
    public static IEndpointRouteBuilder MapTeleSanteHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", async (
            WriteAheadLog wal,
            ForwarderStatus forwarder,
            IngestionPipeline pipeline,
            IDeadLetterStore deadLetters,
            IOptions<WalOptions> walOptions,
            IOptions<MqttOptions> mqtt,
            IServiceProvider services,
            CancellationToken cancellationToken) =>
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
            var state = wal.IsFull || !brokerUp ? "failing" : forwarder.InfluxReachable ? "ok" : "degraded";
            var body = new HealthReport(
                state,
                new InfluxHealth(forwarder.InfluxReachable, forwarder.LastError, forwarder.LastSuccess, forwarder.ConsecutiveFailures, forwarder.ForwardedRecords, Math.Max(0, wal.LastSequence - forwarder.ForwardedSequence)),
                new WalHealth(wal.SizeBytes, walOptions.Value.DiskBudgetBytes, wal.SegmentCount, wal.LastSequence, wal.ConfirmedSequence, wal.IsFull, wal.FsyncCount),
                new BrokerHealth(mqttMode.ToString(), brokerUp, embedded?.ConnectedClients),
                new PipelineHealth(pipeline.AcceptedCount, pipeline.DuplicateCount, pipeline.RejectedCount, await deadLetters.CountAsync(cancellationToken)),
                relay is null ? null : new LiveRelayHealth(relay.IsConnected, relay.IsSubscribed, relay.Published, relay.Received, outbox!.Dropped));
            return Results.Json(body, statusCode: state == "failing" ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
        });
        return app;
    }
}
