using TeleSante.Durability;

namespace TeleSante.Access.Assignments;

public sealed class SqliteAssignmentStore(string databasePath, TimeProvider time) : IAssignmentStore, IDisposable
{
    private readonly SqliteDatabase _database = new(databasePath, """
        CREATE TABLE IF NOT EXISTS assignment (
            session_id TEXT NOT NULL, practitioner_id TEXT NOT NULL, granted_by TEXT NOT NULL, granted_utc_ticks INTEGER NOT NULL,
            PRIMARY KEY (session_id, practitioner_id));
        CREATE INDEX IF NOT EXISTS assignment_practitioner ON assignment(practitioner_id);
        """);

    public Task GrantAsync(string sessionId, string practitionerId, string grantedBy, CancellationToken cancellationToken) =>
        _database.RunAsync(async command =>
        {
            command.CommandText = "INSERT OR IGNORE INTO assignment VALUES ($s, $p, $by, $at)";
            command.Parameters.AddWithValue("$s", sessionId);
            command.Parameters.AddWithValue("$p", practitionerId);
            command.Parameters.AddWithValue("$by", grantedBy);
            command.Parameters.AddWithValue("$at", time.GetUtcNow().UtcTicks);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public async Task<bool> RevokeAsync(string sessionId, string practitionerId, CancellationToken cancellationToken) =>
        await _database.RunAsync(async command =>
        {
            command.CommandText = "DELETE FROM assignment WHERE session_id = $s AND practitioner_id = $p";
            command.Parameters.AddWithValue("$s", sessionId);
            command.Parameters.AddWithValue("$p", practitionerId);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false) == 1;

    public async Task<bool> IsAssignedAsync(string sessionId, string practitionerId, CancellationToken cancellationToken) =>
        await _database.RunAsync(async command =>
        {
            command.CommandText = "SELECT COUNT(*) FROM assignment WHERE session_id = $s AND practitioner_id = $p";
            command.Parameters.AddWithValue("$s", sessionId);
            command.Parameters.AddWithValue("$p", practitionerId);
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }, cancellationToken).ConfigureAwait(false) > 0;

    public Task<IReadOnlyList<string>> SessionsOfAsync(string practitionerId, CancellationToken cancellationToken) =>
        _database.RunAsync(async command =>
        {
            command.CommandText = "SELECT session_id FROM assignment WHERE practitioner_id = $p ORDER BY granted_utc_ticks DESC";
            command.Parameters.AddWithValue("$p", practitionerId);
            var result = new List<string>();
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result.Add(reader.GetString(0));
            }

            return (IReadOnlyList<string>)result;
        }, cancellationToken);

    public void Dispose() => _database.Dispose();
}
