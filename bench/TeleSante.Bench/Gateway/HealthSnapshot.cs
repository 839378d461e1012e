using System.Text.Json;

namespace TeleSante.Bench.Gateway;

/// <summary>The parts of the gateway's GET /health the bench follows (see Health/HealthEndpoints.cs).</summary>
/// <param name="BacklogRecords">Write-ahead-log records accepted but not yet written to InfluxDB.</param>
public sealed record HealthSnapshot(
    string Status,
    bool InfluxReachable,
    string? InfluxLastError,
    long ForwardedRecords,
    long BacklogRecords,
    long WalSizeBytes,
    int WalSegments,
    bool WalFull,
    long Fsyncs,
    long Accepted,
    long Duplicates,
    long Rejected,
    long DeadLetters,
    int? MqttClients)
{
    public static HealthSnapshot Parse(JsonElement root)
    {
        var influx = root.GetProperty("influx");
        var wal = root.GetProperty("wal");
        var pipeline = root.GetProperty("pipeline");
        var mqtt = root.GetProperty("mqtt");
        return new HealthSnapshot(
            root.GetProperty("status").GetString() ?? "?",
            influx.GetProperty("reachable").GetBoolean(),
            influx.GetProperty("lastError").GetString(),
            influx.GetProperty("forwardedRecords").GetInt64(),
            influx.GetProperty("backlogRecords").GetInt64(),
            wal.GetProperty("sizeBytes").GetInt64(),
            wal.GetProperty("segments").GetInt32(),
            wal.GetProperty("full").GetBoolean(),
            wal.GetProperty("fsyncs").GetInt64(),
            pipeline.GetProperty("accepted").GetInt64(),
            pipeline.GetProperty("duplicates").GetInt64(),
            pipeline.GetProperty("rejected").GetInt64(),
            pipeline.GetProperty("deadLetters").GetInt64(),
            mqtt.TryGetProperty("clients", out var clients) && clients.ValueKind == JsonValueKind.Number ? clients.GetInt32() : null);
    }
}
