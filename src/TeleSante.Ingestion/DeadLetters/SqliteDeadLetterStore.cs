using Microsoft.Data.Sqlite;
using TeleSante.Contracts.V1;
using TeleSante.Durability;

namespace TeleSante.Ingestion.DeadLetters;

/// <summary>
/// Dead letters in an embedded SQLite database. synchronous=FULL in WAL journal mode makes each
/// insert durable before it returns, so a rejection is only answered once its evidence is kept.
/// One connection behind a semaphore: dead letters are rare and small, simplicity wins. A payload
/// longer than the limit is kept as its prefix with its original size; retention
/// (<see cref="DeadLetterRetention"/>) deletes by age and total size and records what it deleted.
/// Deleted pages are reused by later inserts, so the file stays near the size budget.
/// </summary>
public sealed class SqliteDeadLetterStore : IDeadLetterStore, IDisposable
{
    private const string Columns = "id, received_utc_ticks, transport, device_id, seq, reason, detail, payload, original_size";
    private readonly SqliteDatabase _database;
    private readonly int _maxPayloadBytes;

    public SqliteDeadLetterStore(string databasePath, int maxPayloadBytes = DeadLetterOptions.DefaultMaxPayloadBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPayloadBytes, 1);
        _maxPayloadBytes = maxPayloadBytes;
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
            CREATE TABLE IF NOT EXISTS dead_letter_purge (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                purged_utc_ticks INTEGER NOT NULL,
                cause TEXT NOT NULL,
                device_id TEXT NULL,
                reason TEXT NOT NULL,
                letters INTEGER NOT NULL,
                bytes INTEGER NOT NULL,
                first_received_utc_ticks INTEGER NOT NULL,
                last_received_utc_ticks INTEGER NOT NULL);
            """);

        // Databases written before payloads were bounded have no original_size: NULL there means whole.
        _database.Run(command =>
        {
            command.CommandText = "SELECT COUNT(*) FROM pragma_table_info('dead_letter') WHERE name = 'original_size'";
            if ((long)command.ExecuteScalar()! == 0)
            {
                command.CommandText = "ALTER TABLE dead_letter ADD COLUMN original_size INTEGER NULL";
                command.ExecuteNonQuery();
            }

            return 0;
        });
    }

    public async Task<long> AddAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var kept = letter.Payload.Length > _maxPayloadBytes ? letter.Payload[.._maxPayloadBytes] : letter.Payload;
        var originalSize = Math.Max(letter.OriginalSize, letter.Payload.Length);
        return await _database.RunAsync(async command =>
        {
            command.CommandText = """
                INSERT INTO dead_letter (received_utc_ticks, transport, device_id, seq, reason, detail, payload, original_size)
                VALUES ($t, $transport, $device, $seq, $reason, $detail, $payload, $size);
                SELECT last_insert_rowid();
                """;
            command.Parameters.AddWithValue("$t", letter.ReceivedAt.UtcTicks);
            command.Parameters.AddWithValue("$transport", letter.Transport);
            command.Parameters.AddWithValue("$device", (object?)letter.DeviceId ?? DBNull.Value);
            // SQLite integers are signed 64-bit; a seq above long.MaxValue is stored as its bit pattern.
            command.Parameters.AddWithValue("$seq", letter.Seq is { } seq ? unchecked((long)seq) : DBNull.Value);
            command.Parameters.AddWithValue("$reason", letter.Reason.ToString());
            command.Parameters.AddWithValue("$detail", letter.Detail);
            command.Parameters.AddWithValue("$payload", kept.ToArray());
            command.Parameters.AddWithValue("$size", originalSize);
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(string? deviceId, int limit, CancellationToken cancellationToken)
    {
        return await _database.RunAsync(async command =>
        {
            command.CommandText = deviceId is null
                ? $"SELECT {Columns} FROM dead_letter ORDER BY id DESC LIMIT $limit"
                : $"SELECT {Columns} FROM dead_letter WHERE device_id = $device ORDER BY id DESC LIMIT $limit";
            command.Parameters.AddWithValue("$limit", limit);
            if (deviceId is not null)
            {
                command.Parameters.AddWithValue("$device", deviceId);
            }

            var result = new List<DeadLetter>();
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var payload = (byte[])reader.GetValue(7);
                result.Add(new DeadLetter(
                    reader.GetInt64(0),
                    new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero),
                    reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : unchecked((ulong)reader.GetInt64(4)),
                    Enum.TryParse<RejectReason>(reader.GetString(5), out var reason) ? reason : RejectReason.Unspecified,
                    reader.GetString(6),
                    payload)
                {
                    OriginalSize = reader.IsDBNull(8) ? payload.Length : reader.GetInt64(8),
                });
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

    public async Task<IReadOnlyList<DeadLetterPurge>> PurgeAsync(DateTimeOffset olderThan, long maxTotalBytes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        return await _database.RunAsync(async command =>
        {
            var connection = command.Connection!;
            using var transaction = connection.BeginTransaction();
            command.Transaction = transaction;
            var purged = new List<DeadLetterPurge>();

            // By age: everything received before the cut-off.
            purged.AddRange(await DeleteAsync(command, "received_utc_ticks < $bound", olderThan.UtcTicks, "age", now, cancellationToken).ConfigureAwait(false));

            // By size: the oldest first, so the latest refusals (an ongoing flood too) are what remains.
            command.CommandText = "SELECT COALESCE(SUM(length(payload) + length(CAST(detail AS BLOB))), 0) FROM dead_letter";
            var excess = (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! - maxTotalBytes;
            if (excess > 0)
            {
                command.CommandText = "SELECT id, length(payload) + length(CAST(detail AS BLOB)) FROM dead_letter ORDER BY id";
                long sizeCut = 0, freed = 0;
                using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (freed < excess && await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        sizeCut = reader.GetInt64(0);
                        freed += reader.GetInt64(1);
                    }
                }

                purged.AddRange(await DeleteAsync(command, "id <= $bound", sizeCut, "size", now, cancellationToken).ConfigureAwait(false));
            }

            // Purge records are kept as long as dead letters are.
            command.CommandText = "DELETE FROM dead_letter_purge WHERE purged_utc_ticks < $cut";
            command.Parameters.AddWithValue("$cut", olderThan.UtcTicks);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            command.Parameters.Clear();

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return (IReadOnlyList<DeadLetterPurge>)purged;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DeadLetterSummary> SummarizeAsync(int recentPurges, CancellationToken cancellationToken)
    {
        return await _database.RunAsync(async command =>
        {
            command.CommandText = """
                SELECT COUNT(*), COALESCE(SUM(length(payload) + length(CAST(detail AS BLOB))), 0) FROM dead_letter;
                SELECT COALESCE(SUM(letters), 0), COALESCE(SUM(bytes), 0) FROM dead_letter_purge;
                SELECT purged_utc_ticks, cause, device_id, reason, letters, bytes, first_received_utc_ticks, last_received_utc_ticks
                    FROM dead_letter_purge ORDER BY id DESC LIMIT $limit;
                """;
            command.Parameters.AddWithValue("$limit", recentPurges);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var (stored, storedBytes) = (reader.GetInt64(0), reader.GetInt64(1));
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var (purgedLetters, purgedBytes) = (reader.GetInt64(0), reader.GetInt64(1));
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            var recent = new List<DeadLetterPurge>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                recent.Add(ReadPurge(reader, 0));
            }

            return new DeadLetterSummary(stored, storedBytes, purgedLetters, purgedBytes, recent);
        }, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _database.Dispose();

    /// <summary>Records a summary per device and reason of the letters matching <paramref name="where"/>
    /// (with $bound = <paramref name="bound"/>), then deletes them (inside the caller's transaction).</summary>
    private static async Task<List<DeadLetterPurge>> DeleteAsync(SqliteCommand command, string where, long bound, string cause, DateTimeOffset now, CancellationToken cancellationToken)
    {
        command.CommandText = $"""
            INSERT INTO dead_letter_purge (purged_utc_ticks, cause, device_id, reason, letters, bytes, first_received_utc_ticks, last_received_utc_ticks)
                SELECT $now, $cause, device_id, reason, COUNT(*), SUM(length(payload) + length(CAST(detail AS BLOB))), MIN(received_utc_ticks), MAX(received_utc_ticks)
                FROM dead_letter WHERE {where} GROUP BY device_id, reason
                RETURNING purged_utc_ticks, cause, device_id, reason, letters, bytes, first_received_utc_ticks, last_received_utc_ticks;
            """;
        command.Parameters.AddWithValue("$now", now.UtcTicks);
        command.Parameters.AddWithValue("$cause", cause);
        command.Parameters.AddWithValue("$bound", bound);
        var purged = new List<DeadLetterPurge>();
        using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                purged.Add(ReadPurge(reader, 0));
            }
        }

        command.CommandText = $"DELETE FROM dead_letter WHERE {where}";
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        command.Parameters.Clear();
        return purged;
    }

    private static DeadLetterPurge ReadPurge(SqliteDataReader reader, int first) => new(
        new DateTimeOffset(reader.GetInt64(first), TimeSpan.Zero),
        reader.GetString(first + 1),
        reader.IsDBNull(first + 2) ? null : reader.GetString(first + 2),
        reader.GetString(first + 3),
        reader.GetInt64(first + 4),
        reader.GetInt64(first + 5),
        new DateTimeOffset(reader.GetInt64(first + 6), TimeSpan.Zero),
        new DateTimeOffset(reader.GetInt64(first + 7), TimeSpan.Zero));
}
