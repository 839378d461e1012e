using System.Text.Json;

namespace TeleSante.Bench.Gateway;

/// <summary>The parts of the gateway's GET /health the bench follows (see Health/HealthEndpoints.cs).</summary>
/// <param name="AnalysisSkipped">ECG batches stored but not analysed (analysis queue full); 0 without the analysis.</param>
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
    int? MqttClients,
    long AnalysisBatches = 0,
    long AnalysisBeats = 0,
    long AnalysisSkipped = 0,
    long AnalysisFailed = 0,
    long AnalysisPointsStored = 0)
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
            mqtt.TryGetProperty("clients", out var clients) && clients.ValueKind == JsonValueKind.Number ? clients.GetInt32() : null,
            Analysis(root, "batches"),
            Analysis(root, "beats"),
            Analysis(root, "skipped"),
            Analysis(root, "failed"),
            Analysis(root, "pointsStored"));
    }

    private static long Analysis(JsonElement root, string name) =>
        root.TryGetProperty("analysis", out var a) && a.ValueKind == JsonValueKind.Object && a.TryGetProperty(name, out var v) ? v.GetInt64() : 0;
}
