using System.Collections.Concurrent;
using TeleSante.Durability;

namespace TeleSante.Access.Assignments;

/// <summary>
/// Session ownership, kept in memory for the per-batch path and in SQLite (<see cref="SqliteDatabase"/>:
/// one durable connection) for restarts. Every batch asks; almost every answer is a dictionary lookup.
/// A new session's claim is committed before it is published or returned: the caller acknowledges the
/// session's first batch only afterwards, so after a crash the claim is there for every batch that was
/// acknowledged. Were the claim written later (or lazily), a crash between the acknowledgement and the
/// write would let another site claim a session whose readings are already stored, and its operator
/// would then read them.
/// </summary>
public sealed class SqliteSessionSites : ISessionSites, IDisposable
{
    private readonly ConcurrentDictionary<string, string> _sites = new(StringComparer.Ordinal);
    private readonly SqliteDatabase _database;

    public SqliteSessionSites(string databasePath)
    {
        _database = new SqliteDatabase(databasePath, "CREATE TABLE IF NOT EXISTS session_site (session_id TEXT PRIMARY KEY, site_id TEXT NOT NULL);");
        _database.Run(command =>
        {
            command.CommandText = "SELECT session_id, site_id FROM session_site";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                _sites[reader.GetString(0)] = reader.GetString(1);
            }

            return _sites.Count;
        });
    }

    public string? SiteOf(string sessionId) => _sites.GetValueOrDefault(sessionId);

    public ValueTask<string> ClaimAsync(string sessionId, string siteId, CancellationToken cancellationToken) =>
        _sites.TryGetValue(sessionId, out var owner) ? ValueTask.FromResult(owner) : new ValueTask<string>(ClaimNewAsync(sessionId, siteId, cancellationToken));

    private Task<string> ClaimNewAsync(string sessionId, string siteId, CancellationToken cancellationToken) =>
        // The database's gate makes check, insert and publish one step, so two sites racing for a new
        // session get one owner; waiting claims queue asynchronously instead of holding threads. Once the
        // gate is taken the insert is not cancelled: a committed claim is always published.
        _database.RunAsync(async command =>
        {
            if (_sites.TryGetValue(sessionId, out var known))
            {
                return known;
            }

            // INSERT OR IGNORE then read back: whatever the file says (it is the durable truth) wins.
            command.CommandText = "INSERT OR IGNORE INTO session_site VALUES ($s, $site); SELECT site_id FROM session_site WHERE session_id = $s";
            command.Parameters.AddWithValue("$s", sessionId);
            command.Parameters.AddWithValue("$site", siteId);
            var owner = (string)(await command.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false))!;
            _sites[sessionId] = owner;
            return owner;
        }, cancellationToken);

    public void Dispose() => _database.Dispose();
}
