using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using TeleSante.Access.Assignments;

namespace TeleSante.Gateway.Security;

/// <summary>
/// The site each session belongs to: the first site to write into it (readings or photographs) claims
/// it, before anything of it is made durable, and every later write from another site is refused. Site
/// operators are given the sessions of their site from here. In memory for the per-batch path; a new
/// claim is committed to SQLite before it becomes visible, so it survives a restart and two sites racing
/// for a new session get one answer.
/// </summary>
internal sealed class SessionSites : ISessionSites, IDisposable
{
    private readonly ConcurrentDictionary<string, string> _sites = new(StringComparer.Ordinal);
    private readonly SqliteConnection _connection;
    private readonly Lock _write = new();

    public SessionSites(string databasePath)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        _connection.Open();
        using var command = _connection.CreateCommand();
        // synchronous FULL: a claim is on disk before the first batch of the session is acknowledged.
        command.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; CREATE TABLE IF NOT EXISTS session_site (session_id TEXT PRIMARY KEY, site_id TEXT NOT NULL);";
        command.ExecuteNonQuery();
        command.CommandText = "SELECT session_id, site_id FROM session_site";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            _sites[reader.GetString(0)] = reader.GetString(1);
        }
    }

    public string? SiteOf(string sessionId) => _sites.GetValueOrDefault(sessionId);

    /// <summary>Claims the session for <paramref name="siteId"/> if nobody has; returns the session's site
    /// (the caller's when it owns or has just claimed it, otherwise the owner's).</summary>
    public string Claim(string sessionId, string siteId)
    {
        if (_sites.TryGetValue(sessionId, out var owner))
        {
            return owner;
        }

        // A new session: rare, so a small synchronous insert under one lock is acceptable. The lock makes
        // check, insert and publish one step, so two sites racing for the session cannot both win, and a
        // claim is visible to other batches only once it is durable.
        lock (_write)
        {
            if (_sites.TryGetValue(sessionId, out owner))
            {
                return owner;
            }

            using var command = _connection.CreateCommand();
            command.CommandText = "INSERT INTO session_site VALUES ($s, $site)";
            command.Parameters.AddWithValue("$s", sessionId);
            command.Parameters.AddWithValue("$site", siteId);
            command.ExecuteNonQuery();
            _sites[sessionId] = siteId;
            return siteId;
        }
    }

    public void Dispose() => _connection.Dispose();
}
