using System.Text;
using System.Text.Json;
using Google.Protobuf;
using TeleSante.Contracts.V1;

namespace TeleSante.StationAgent.Internal;

/// <summary>
/// Batches the gateway refused for good (invalid code, unit, range, timestamp, stale seq…), one JSON
/// object per line in <c>rejected-batches.jsonl</c>: when, the gateway's reason and detail, the serial
/// line as the device wrote it and the batch as sent. Append-only and fsync'd before the outbox lets the
/// entry go, so a refusal never makes a reading disappear; its size counts against the outbox budget.
/// </summary>
internal sealed class RejectedBatchStore : IDisposable
{
    public const string FileName = "rejected-batches.jsonl";

    private static readonly JsonFormatter BatchFormatter = JsonFormatter.Default;
    private readonly FileStream _file;
    private readonly Lock _gate = new();

    public RejectedBatchStore(string directory)
    {
        Path = System.IO.Path.Combine(directory, FileName);
        _file = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 0);
    }

    public string Path { get; }

    public long SizeBytes
    {
        get
        {
            lock (_gate)
            {
                return _file.Length;
            }
        }
    }

    public void Add(OutboxEntry entry, RejectReason reason, string detail, DateTimeOffset now)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("rejectedAt", now.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("deviceId", entry.Batch.DeviceId);
            json.WriteNumber("seq", entry.Batch.Seq);
            json.WriteString("reason", reason.ToString());
            json.WriteString("detail", detail);
            json.WriteString("line", entry.Line);
            json.WritePropertyName("batch");
            json.WriteRawValue(BatchFormatter.Format(entry.Batch));
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        lock (_gate)
        {
            _file.Write(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            _file.Flush(flushToDisk: true);
        }
    }

    /// <summary>The refusals kept so far, for tests and tools.</summary>
    public static IReadOnlyList<string> ReadAll(string directory)
    {
        var path = System.IO.Path.Combine(directory, FileName);
        return File.Exists(path)
            ? [.. File.ReadAllLines(path, Encoding.UTF8).Where(l => l.Length > 0)]
            : [];
    }

    public void Dispose() => _file.Dispose();
}
