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

    public void OnAccepted(ReadingBatch batch) => Claim(batch.SessionId, batch.SiteId);

    /// <summary>Records <paramref name="siteId"/> as the session's site if the session is new; returns
    /// the session's site (the first one seen).</summary>
    public string Claim(string sessionId, string siteId)
    {
        if (!_sites.TryAdd(sessionId, siteId))
        {
            return _sites[sessionId];
        }

        // A new session: rare, so a small synchronous insert here is acceptable.
        lock (_write)
        {
            using var command = _connection.CreateCommand();
            command.CommandText = "INSERT OR IGNORE INTO session_site VALUES ($s, $site)";
            command.Parameters.AddWithValue("$s", sessionId);
            command.Parameters.AddWithValue("$site", siteId);
            command.ExecuteNonQuery();
        }

        return siteId;
    }

    public void Dispose() => _connection.Dispose();
}
