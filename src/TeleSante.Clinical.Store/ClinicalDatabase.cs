using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;
using TeleSante.Clinical.Store.Internal;

namespace TeleSante.Clinical.Store;

/// <summary>
/// Opens connections to the clinical database, SQLite or PostgreSQL, and brings its schema up to date
/// (<see cref="MigrateAsync"/>). Everything above works on <see cref="DbConnection"/>: one code path.
/// </summary>
public sealed class ClinicalDatabase : IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly NpgsqlDataSource? _postgres;

    public ClinicalDatabase(ClinicalProvider provider, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        Provider = provider;
        switch (provider)
        {
            case ClinicalProvider.Sqlite:
                // Foreign keys are off by default in SQLite; the schema relies on them.
                _connectionString = new SqliteConnectionStringBuilder(connectionString) { ForeignKeys = true, Pooling = true }.ToString();
                break;
            case ClinicalProvider.PostgreSql:
                _connectionString = connectionString;
                _postgres = NpgsqlDataSource.Create(connectionString);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, "unknown provider");
        }
    }

    public ClinicalProvider Provider { get; }

    /// <summary>The numbered migrations this code knows for <see cref="Provider"/>, in order.</summary>
    public IReadOnlyList<Migration> Migrations => Migration.For(Provider);

    /// <summary>An open connection (pooled by both providers); the caller disposes it.</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken cancellationToken = default)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Applies the migrations not yet applied, in one transaction; safe to run from several processes
    /// at once (PostgreSQL: an advisory lock; SQLite: the write lock of BEGIN IMMEDIATE).</summary>
    /// <returns>The versions applied now.</returns>
    /// <exception cref="InvalidOperationException">The database has a migration this code does not know (it was
    /// migrated by a newer version).</exception>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken = default)
    {
        if (Provider == ClinicalProvider.Sqlite)
        {
            await using var setup = await OpenAsync(cancellationToken).ConfigureAwait(false);
            // WAL: readers (worklists) do not block the writer; persistent, so set once.
            await setup.ExecuteAsync(null, "PRAGMA journal_mode=WAL;", cancellationToken).ConfigureAwait(false);
        }

        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (Provider == ClinicalProvider.PostgreSql)
        {
            await connection.ExecuteAsync(transaction, "SELECT pg_advisory_xact_lock(1129270107)", cancellationToken).ConfigureAwait(false);
        }

        await connection.ExecuteAsync(transaction,
            "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
            cancellationToken).ConfigureAwait(false);
        var applied = (await connection.QueryAsync(transaction, "SELECT version FROM schema_migrations", r => (int)r.Long("version"), cancellationToken)
            .ConfigureAwait(false)).ToHashSet();
        var known = Migrations;
        if (applied.Except(known.Select(m => m.Version)).Order().ToArray() is { Length: > 0 } unknown)
        {
            throw new InvalidOperationException(
                $"The clinical database has migration(s) {string.Join(", ", unknown)} that this version does not know: it was migrated by a newer TeleSante.");
        }

        var now = Sql.Ms(DateTimeOffset.UtcNow);
        var done = new List<int>();
        foreach (var migration in known.Where(m => !applied.Contains(m.Version)))
        {
            await connection.ExecuteAsync(transaction, migration.Script, cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(transaction, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @t)", cancellationToken,
                ("@v", (long)migration.Version), ("@n", migration.Name), ("@t", now)).ConfigureAwait(false);
            done.Add(migration.Version);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return done;
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync().ConfigureAwait(false);
        }
    }
}
