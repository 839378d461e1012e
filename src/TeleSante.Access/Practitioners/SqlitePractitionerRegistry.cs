using TeleSante.Durability;

namespace TeleSante.Access.Practitioners;

/// <summary>Disabled practitioners in SQLite: one row per practitioner ever disabled, its state and who changed it last.</summary>
public sealed class SqlitePractitionerRegistry(string databasePath, TimeProvider time) : IPractitionerRegistry, IDisposable
{
    private readonly SqliteDatabase _database = new(databasePath, """
        CREATE TABLE IF NOT EXISTS practitioner (
            id TEXT PRIMARY KEY, disabled INTEGER NOT NULL, changed_by TEXT NOT NULL, changed_utc_ticks INTEGER NOT NULL);
        """);

    public Task<bool> DisableAsync(string practitionerId, string changedBy, CancellationToken cancellationToken) =>
        SetAsync(practitionerId, disabled: true, changedBy, cancellationToken);

    public Task<bool> EnableAsync(string practitionerId, string changedBy, CancellationToken cancellationToken) =>
        SetAsync(practitionerId, disabled: false, changedBy, cancellationToken);

    public async Task<bool> IsDisabledAsync(string practitionerId, CancellationToken cancellationToken) =>
        await _database.RunAsync(async command =>
        {
            command.CommandText = "SELECT COUNT(*) FROM practitioner WHERE id = $id AND disabled = 1";
            command.Parameters.AddWithValue("$id", practitionerId);
            return (long)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        }, cancellationToken).ConfigureAwait(false) > 0;

    public void Dispose() => _database.Dispose();

    private async Task<bool> SetAsync(string practitionerId, bool disabled, string changedBy, CancellationToken cancellationToken) =>
        await _database.RunAsync(async command =>
        {
            // Changes only a row in the other state, so the answer says whether anything changed.
            command.CommandText = disabled
                ? """
                  INSERT INTO practitioner (id, disabled, changed_by, changed_utc_ticks) VALUES ($id, 1, $by, $at)
                  ON CONFLICT(id) DO UPDATE SET disabled = 1, changed_by = $by, changed_utc_ticks = $at WHERE practitioner.disabled = 0
                  """
                : "UPDATE practitioner SET disabled = 0, changed_by = $by, changed_utc_ticks = $at WHERE id = $id AND disabled = 1";
            command.Parameters.AddWithValue("$id", practitionerId);
            command.Parameters.AddWithValue("$by", changedBy);
            command.Parameters.AddWithValue("$at", time.GetUtcNow().UtcTicks);
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false) > 0;
}
