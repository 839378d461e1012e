using Microsoft.Data.Sqlite;
using TeleSante.Durability;
using TeleSante.Contracts.V1;

namespace TeleSante.Ingestion.DeadLetters;

/// <summary>
/// Dead letters in an embedded SQLite database. synchronous=FULL in WAL journal mode makes each
/// insert durable before it returns, so a rejection is only answered once its evidence is kept.
/// One connection behind a semaphore: dead letters are rare and small, simplicity wins.
/// </summary>
public sealed class SqliteDeadLetterStore : IDeadLetterStore, IDisposable
{
    private readonly SqliteDatabase _database;

    public SqliteDeadLetterStore(string databasePath)
    {
        _database = new SqliteDatabase(databasePath, """
            CREATE TABLE IF NOT EXISTS dead_letter (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                received_utc_ticks INTEGER NOT NULL,
                transport TEXT NOT NULL,
                device_id TEXT NULL,
                seq INTEGER NULL,
                reason TEXT NOT NULL,
                detail TEXT NOT NULL,
                payload BLOB NOT NULL);
            CREATE INDEX IF NOT EXISTS dead_letter_device ON dead_letter(device_id, id);
            """);
    }

    public async Task<long> AddAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        return await _database.RunAsync(async command =>
        {
            command.CommandText = """
                INSERT INTO dead_letter (received_utc_ticks, transport, device_id, seq, reason, detail, payload)
                VALUES ($t, $transport, $device, $seq, $reason, $detail, $payload);
                SELECT last_insert_rowid();
                """;
            command.Parameters.AddWithValue("$t", letter.ReceivedAt.UtcTicks);
            command.Parameters.AddWithValue("$transport", letter.Transport);
            command.Parameters.AddWithValue("$device", (object?)letter.DeviceId ?? DBNull.Value);
            // SQLite integers are signed 64-bit; a seq above long.MaxValue is stored as its bit pattern.
            command.Parameters.AddWithValue("$seq", letter.Seq is { } seq ? unchecked((long)seq) : DBNull.Value);
            command.Parameters.AddWithValue("$reason", letter.Reason.ToString());
            command.Parameters.AddWithValue("$detail", letter.Detail);
            command.Parameters.AddWithValue("$payload", letter.Payload.ToArray());
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(string? deviceId, int limit, CancellationToken cancellationToken)
    {
        return await _database.RunAsync(async command =>
        {
            command.CommandText = deviceId is null
                ? "SELECT id, received_utc_ticks, transport, device_id, seq, reason, detail, payload FROM dead_letter ORDER BY id DESC LIMIT $limit"
                : "SELECT id, received_utc_ticks, transport, device_id, seq, reason, detail, payload FROM dead_letter WHERE device_id = $device ORDER BY id DESC LIMIT $limit";
            command.Parameters.AddWithValue("$limit", limit);
            if (deviceId is not null)
            {
                command.Parameters.AddWithValue("$device", deviceId);
            }

            var result = new List<DeadLetter>();
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(new DeadLetter(
                    reader.GetInt64(0),
                    new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero),
                    reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : unchecked((ulong)reader.GetInt64(4)),
                    Enum.TryParse<RejectReason>(reader.GetString(5), out var reason) ? reason : RejectReason.Unspecified,
                    reader.GetString(6),
                    (byte[])reader.GetValue(7)));
            }

            return result;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        return await _database.RunAsync(async command =>
        {
            command.CommandText = "SELECT COUNT(*) FROM dead_letter";
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _database.Dispose();
}
