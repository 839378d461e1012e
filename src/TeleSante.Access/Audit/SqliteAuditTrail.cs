using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using TeleSante.Durability;

namespace TeleSante.Access.Audit;

/// <summary>
/// The audit trail in SQLite (synchronous=FULL). Each row carries SHA-256(previous hash | row fields),
/// so an entry changed or deleted directly in the database breaks the chain and
/// <see cref="VerifyAsync"/> reports it; the API itself offers no way to change history.
/// </summary>
public sealed class SqliteAuditTrail : IAuditTrail, IDisposable
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private string _lastHash = string.Empty;

    public SqliteAuditTrail(string databasePath, TimeProvider time)
    {
        _time = time;
        _database = new SqliteDatabase(databasePath, """
            CREATE TABLE IF NOT EXISTS audit (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at_utc_ticks INTEGER NOT NULL,
                actor TEXT NOT NULL, action TEXT NOT NULL, resource TEXT NOT NULL, outcome TEXT NOT NULL,
                remote TEXT NULL, detail TEXT NULL, hash TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS audit_actor ON audit(actor, id);
            CREATE INDEX IF NOT EXISTS audit_resource ON audit(resource, id);
            """);
        _lastHash = _database.Run(command =>
        {
            command.CommandText = "SELECT hash FROM audit ORDER BY id DESC LIMIT 1";
            return command.ExecuteScalar() as string ?? string.Empty;
        });
    }

    public Task RecordAsync(AuditEntry entry, CancellationToken cancellationToken) => RecordManyAsync([entry], cancellationToken);

    public async Task RecordManyAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries.Count == 0)
        {
            return;
        }

        // The chain's order is the gate's order: one writer at a time, and not cancellable: once the
        // access is decided, its record must be written. One transaction: all entries or none, one fsync.
        await _database.RunAsync(async command =>
        {
            var at = _time.GetUtcNow().UtcTicks;
            using var transaction = command.Connection!.BeginTransaction();
            command.Transaction = transaction;
            command.CommandText = "INSERT INTO audit (at_utc_ticks, actor, action, resource, outcome, remote, detail, hash) VALUES ($at, $actor, $action, $resource, $outcome, $remote, $detail, $hash)";
            command.Parameters.AddWithValue("$at", at);
            var actor = command.Parameters.Add("$actor", SqliteType.Text);
            var action = command.Parameters.Add("$action", SqliteType.Text);
            var resource = command.Parameters.Add("$resource", SqliteType.Text);
            var outcome = command.Parameters.Add("$outcome", SqliteType.Text);
            var remote = command.Parameters.Add("$remote", SqliteType.Text);
            var detail = command.Parameters.Add("$detail", SqliteType.Text);
            var hashParameter = command.Parameters.Add("$hash", SqliteType.Text);
            var hash = _lastHash;
            foreach (var entry in entries)
            {
                hash = Chain(hash, at, entry);
                actor.Value = entry.Actor;
                action.Value = entry.Action;
                resource.Value = entry.Resource;
                outcome.Value = entry.Outcome;
                remote.Value = (object?)entry.Remote ?? DBNull.Value;
                detail.Value = (object?)entry.Detail ?? DBNull.Value;
                hashParameter.Value = hash;
                await command.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }

            transaction.Commit();
            // Only once committed: a failed batch leaves the chain where it was.
            _lastHash = hash;
            return true;
        }, CancellationToken.None).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<AuditRecord>> QueryAsync(string? actor, string? resource, int limit, CancellationToken cancellationToken)
    {
        return await _database.RunAsync(async command =>
        {
            command.CommandText = """
                SELECT id, at_utc_ticks, actor, action, resource, outcome, remote, detail, hash FROM audit
                WHERE ($actor IS NULL OR actor = $actor) AND ($resource IS NULL OR resource = $resource)
                ORDER BY id DESC LIMIT $limit
                """;
            command.Parameters.AddWithValue("$actor", (object?)actor ?? DBNull.Value);
            command.Parameters.AddWithValue("$resource", (object?)resource ?? DBNull.Value);
            command.Parameters.AddWithValue("$limit", limit);
            var result = new List<AuditRecord>();
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(Read(reader));
            }

            return result;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> VerifyAsync(CancellationToken cancellationToken)
    {
        return await _database.RunAsync(async command =>
        {
            command.CommandText = "SELECT id, at_utc_ticks, actor, action, resource, outcome, remote, detail, hash FROM audit ORDER BY id";
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var previous = string.Empty;
            long expectedId = 1;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var record = Read(reader);
                // AUTOINCREMENT ids never repeat, so a deleted row shows as a gap even at the end of the chain's middle.
                if (record.Id != expectedId++ || Chain(previous, record.At.UtcTicks, record.Entry) != record.Hash)
                {
                    return false;
                }

                previous = record.Hash;
            }

            return previous == _lastHash;
        }, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _database.Dispose();

    private static AuditRecord Read(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero),
        new AuditEntry(reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7)),
        reader.GetString(8));

    private static string Chain(string previous, long atTicks, AuditEntry entry)
    {
        // Unit separators keep field boundaries unambiguous ("a|b" + "c" differs from "a" + "b|c").
        var text = string.Join('\u001f', previous, atTicks.ToString(CultureInfo.InvariantCulture), entry.Actor, entry.Action, entry.Resource, entry.Outcome, entry.Remote ?? string.Empty, entry.Detail ?? string.Empty);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
