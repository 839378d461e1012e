using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using TeleSante.Access.Assignments;
using TeleSante.Contracts.V1;
using TeleSante.Ingestion;

namespace TeleSante.Gateway.Security;

/// <summary>
/// Learns the site of each session from accepted batches (the first site seen wins) so site operators
/// can be given their own sessions. In memory for the per-batch path, persisted when a session is new.
/// </summary>
internal sealed class SessionSites : ISessionSites, IAcceptedBatchObserver, IDisposable
{
    private readonly ConcurrentDictionary<string, string> _sites = new(StringComparer.Ordinal);
    private readonly SqliteConnection _connection;
    private readonly Lock _write = new();

    public SessionSites(string databasePath)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        _connection.Open();
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS session_site (session_id TEXT PRIMARY KEY, site_id TEXT NOT NULL);";
        command.ExecuteNonQuery();
        command.CommandText = "SELECT session_id, site_id FROM session_site";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            _sites[reader.GetString(0)] = reader.GetString(1);
        }
    }

    public string? SiteOf(string sessionId) => _sites.GetValueOrDefault(sessionId);

    public void OnAccepted(ReadingBatch batch)
    {
        if (!_sites.TryAdd(batch.SessionId, batch.SiteId))
        {
            return;
        }

        // A new session: rare, so a small synchronous insert here is acceptable.
        lock (_write)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "INSERT OR IGNORE INTO session_site VALUES ($s, $site)";
            command.Parameters.AddWithValue("$s", batch.SessionId);
            command.Parameters.AddWithValue("$site", batch.SiteId);
            command.ExecuteNonQuery();
        }
    }

    public void Dispose() => _connection.Dispose();
}
